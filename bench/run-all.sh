#!/bin/sh
# One sitting, same machine: Netty's decoder (the anchor), our micro-benchmarks, the end-to-end load benchmark,
# with the load average noted before each. Results go to OUT (default: a new temporary folder).
# Env: OUT, NETTY_DIR (default ../shared/bench-anchors/netty next to the repository), BDN_JOB (short), LOAD_ARGS (default: 60 rounds of 0.5 s).
# Needs: apt-get install -y libnetty-java and a JDK with javac (for the Netty rows; skipped when run.sh is absent).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$(mktemp -d)}
NETTY_DIR=${NETTY_DIR:-$ROOT/../shared/bench-anchors/netty}
mkdir -p "$OUT"
note() { printf '%s  %s  load: %s\n' "$(date -u +%H:%M:%SZ)" "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"; }

dotnet build -c Release -nologo -v q "$ROOT/bench/ProxyProtocol.Benchmarks/ProxyProtocol.Benchmarks.csproj"
dotnet build -c Release -nologo -v q "$ROOT/bench/ProxyProtocol.LoadBenchmark/ProxyProtocol.LoadBenchmark.csproj"

if [ -x "$NETTY_DIR/run.sh" ]; then
  note "netty decoder_direct"
  CASES="v1_tcp4/decoder_direct v1_tcp6/decoder_direct v2_ipv4/decoder_direct v2_ipv6/decoder_direct v2_tlvs/decoder_direct" \
    "$NETTY_DIR/run.sh" | tee "$OUT/netty.tsv"
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
