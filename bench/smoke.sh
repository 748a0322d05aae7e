#!/bin/sh
# CI smoke of the benchmarks, so they cannot rot (about a minute on 2 cores): builds both, runs every micro-benchmark
# once (BenchmarkDotNet dry job, in process) and the load benchmark with one short round. Timings mean nothing here;
# it fails on a build error, a benchmark that throws or whose setup check fails, or any failed request.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MICRO="$ROOT/bench/ProxyProtocol.Benchmarks"
LOAD="$ROOT/bench/ProxyProtocol.LoadBenchmark"
ART=$(mktemp -d)
trap 'rm -rf "$ART"' EXIT INT TERM

dotnet build -c Release -nologo -v q "$MICRO/ProxyProtocol.Benchmarks.csproj"
dotnet build -c Release -nologo -v q "$LOAD/ProxyProtocol.LoadBenchmark.csproj"

echo "== micro-benchmarks (dry, in process)"
timeout 300 dotnet "$MICRO/bin/Release/net10.0/ProxyProtocol.Benchmarks.dll" \
  --filter '*' --job dry --inProcess --artifacts "$ART" > "$ART/micro.log" 2>&1 || { tail -50 "$ART/micro.log"; exit 1; }
grep -E '^\| ' "$ART/micro.log" | grep -cv -- '---' | xargs printf '   %s table rows\n'

echo "== load benchmark (1 round, 0.5 s runs)"
timeout 120 dotnet "$LOAD/bin/Release/net10.0/ProxyProtocol.LoadBenchmark.dll" --runs 1 --seconds 0.5 --warmup 0.2 --new-concurrency 4 --keepalive-concurrency 4
echo "bench smoke OK"
