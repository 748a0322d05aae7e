#!/usr/bin/env bash
# Fuzzes the sequence target; see fuzz.sh. usage: fuzz/fuzz-sequence.sh [SECONDS=60]
exec "$(dirname "$0")/fuzz.sh" sequence "$@"
