#!/bin/sh
# Instructions per parse, counted by callgrind: exact and repeatable on a busy machine, where timings are not. The
# harness (bench/ProxyProtocol.InstructionCounts) is compiled ahead of time, because under valgrind the JIT falls back
# to unoptimised code; it has no dynamic PGO, so compare its counts with each other (before/after a change), not with
# nanoseconds. Only the measured loop is counted (--toggle-collect), so start-up is not.
# Usage: bench/instructions.sh [input ...]   (inputs of bench/inputs.json; default: all of them). N=iterations.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-100000}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT INT TERM
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install -y valgrind)" >&2; exit 1; }
# No DWARF: valgrind 3.19 cannot read the DWARF 5 the AOT compiler writes; the symbol table is enough.
dotnet publish -c Release -nologo -v q -o "$OUT/bin" -p:NativeDebugSymbols=false -p:StripSymbols=false \
  "$ROOT/bench/ProxyProtocol.InstructionCounts/ProxyProtocol.InstructionCounts.csproj" >/dev/null

[ $# -gt 0 ] || set -- v1_tcp4 v1_tcp6 v2_ipv4 v2_ipv6 v2_tlvs
printf '%-10s %12s %12s\n' input validate parse
for input in "$@"; do
  line=$(printf '%-10s' "$input")
  for mode in validate parse; do
    valgrind --tool=callgrind --toggle-collect='ProxyProtocol_InstructionCounts_Loops__*' \
      --callgrind-out-file="$OUT/$input.$mode.out" "$OUT/bin/ProxyProtocol.InstructionCounts" "$input" "$mode" "$N" \
      >/dev/null 2>"$OUT/log"
    total=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$OUT/log")
    line="$line $(printf '%12s' "$(echo "scale=1; $total / $N" | bc)")"
  done
  echo "$line"
done
