#!/usr/bin/env bash
# Fuzzes the span target; see fuzz.sh. usage: fuzz/fuzz-span.sh [SECONDS=60]
exec "$(dirname "$0")/fuzz.sh" span "$@"
