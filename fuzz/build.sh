#!/usr/bin/env bash
# Builds the fuzz harness in Release into DIR and instruments ProxyProtocol.dll there for AFL++ (SharpFuzz);
# DIR-plain keeps an uninstrumented copy for writing seeds and replaying findings (instrumented code needs AFL's
# shared memory). usage: fuzz/build.sh [DIR]   (default fuzz/out/bin; both are recreated, never instrumented twice)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/out/bin}
rm -rf "$bin" "$bin-plain"
dotnet publish "$here/ProxyProtocol.Fuzz/ProxyProtocol.Fuzz.csproj" -c Release -o "$bin" -nologo -v quiet
cp -r "$bin" "$bin-plain"
# The SharpFuzz.CommandLine tool is pinned in fuzz/dotnet-tools.json (a local tool manifest).
(cd "$here" && dotnet tool restore >/dev/null && dotnet tool run sharpfuzz "$bin/ProxyProtocol.dll")
echo "built and instrumented: $bin"
