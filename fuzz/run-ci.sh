#!/usr/bin/env bash
# CI entry: builds the harness in Release, instruments it, fuzzes every target for a bounded time (default 60 s each),
# prints executions and findings per target, and fails on any crash or hang.
# usage: fuzz/run-ci.sh [SECONDS_PER_TARGET=60]   env: FUZZ_OUT (default fuzz/out), FUZZ_TARGETS (default all four)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-${FUZZ_SECONDS:-60}}
targets=${FUZZ_TARGETS:-span sequence roundtrip tlv}
export FUZZ_OUT=${FUZZ_OUT:-$here/out}

if ! command -v afl-fuzz >/dev/null && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi

"$here/build.sh" "$FUZZ_OUT/bin"
failed=()
summary=()
for target in $targets; do
  if FUZZ_SKIP_BUILD=1 "$here/fuzz.sh" "$target" "$seconds" | tee "$FUZZ_OUT/$target.summary"; then :; else failed+=("$target"); fi
  summary+=("$(head -1 "$FUZZ_OUT/$target.summary")")
done

echo "== fuzz summary ($seconds s per target)"
printf '%s\n' "${summary[@]}"
if (( ${#failed[@]} > 0 )); then
  echo "fuzz: FAILED (crash, hang or harness error) in: ${failed[*]}"
  exit 1
fi
echo "fuzz: no crashes, no hangs"
