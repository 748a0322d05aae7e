#!/bin/sh
# One sitting, same machine: Netty's decoder (the anchor), our micro-benchmarks, the end-to-end load benchmark,
# with the load average noted before each. Results go to OUT (default: a new temporary folder).
# Env: OUT, BDN_JOB (short), LOAD_ARGS (default: 60 rounds of 0.5 s), NETTY_JARS and the others of bench/netty/run.sh.
# Needs, for the Netty rows (skipped without them): apt-get install -y libnetty-java default-jdk-headless
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
note() { printf '%s  %s  load: %s\n' "$(date -u +%H:%M:%SZ)" "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"; }

dotnet build -c Release -nologo -v q "$ROOT/bench/ProxyProtocol.Benchmarks/ProxyProtocol.Benchmarks.csproj"
dotnet build -c Release -nologo -v q "$ROOT/bench/ProxyProtocol.LoadBenchmark/ProxyProtocol.LoadBenchmark.csproj"

if command -v javac > /dev/null && [ -f "${NETTY_JARS:-/usr/share/java}/netty-codec-haproxy.jar" ]; then
  note "netty decoder_direct"
  "$ROOT/bench/netty/run.sh" | tee "$OUT/netty.tsv"
else
  note "netty skipped (no javac or libnetty-java)"
fi

note "micro-benchmarks"
(cd "$OUT" && dotnet "$ROOT/bench/ProxyProtocol.Benchmarks/bin/Release/net10.0/ProxyProtocol.Benchmarks.dll" \
  --filter '*' --job "${BDN_JOB:-short}" --inProcess --artifacts "$OUT/bdn" > "$OUT/micro.log" 2>&1)
grep -E '^\|' "$OUT/micro.log" | tee "$OUT/micro.md"

note "load benchmark"
# shellcheck disable=SC2086
dotnet "$ROOT/bench/ProxyProtocol.LoadBenchmark/bin/Release/net10.0/ProxyProtocol.LoadBenchmark.dll" \
  --markdown "$OUT/load.md" ${LOAD_ARGS:---runs 60 --seconds 0.5 --warmup 1} | tee "$OUT/load.log"
note "done"
echo "results in $OUT"
