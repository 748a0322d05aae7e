#!/usr/bin/env bash
# Fuzzes the tlv target (typed TLV accessors); see fuzz.sh. usage: fuzz/fuzz-tlv.sh [SECONDS=60]
exec "$(dirname "$0")/fuzz.sh" tlv "$@"
