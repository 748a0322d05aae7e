#!/usr/bin/env bash
# Soak: mixed valid and invalid PROXY traffic against a real Kestrel on 127.0.0.1 for a bounded time; every valid
# request's body is echoed and compared; memory, handles and logs must stay flat. Prints the figures.
# usage: soak/run.sh [--minutes N]   (default 5; CI uses --minutes 1)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=5
while (( $# )); do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    *) echo "usage: soak/run.sh [--minutes N]" >&2; exit 2 ;;
  esac
done
PROXY_SOAK_MINUTES=$minutes dotnet test tests/ProxyProtocol.Robustness.Tests/ProxyProtocol.Robustness.Tests.csproj -c Release \
  --filter "Category=Soak" --logger "console;verbosity=detailed"
