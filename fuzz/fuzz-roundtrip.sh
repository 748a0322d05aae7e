#!/usr/bin/env bash
# Fuzzes the roundtrip target; see fuzz.sh. usage: fuzz/fuzz-roundtrip.sh [SECONDS=60]
exec "$(dirname "$0")/fuzz.sh" roundtrip "$@"
