#!/usr/bin/env bash
# Fuzzes one target with AFL++ for a bounded time, then prints executions and findings.
# usage: fuzz/fuzz.sh <span|sequence|roundtrip|tlv> [SECONDS=60]
# env:   FUZZ_OUT (default fuzz/out), FUZZ_SKIP_BUILD=1 to reuse FUZZ_OUT/bin from fuzz/build.sh
# Exit 1 when AFL++ saved any crash or hang; each is replayed so its exception shows in the log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: fuzz.sh <target> [seconds]}
seconds=${2:-60}
out=${FUZZ_OUT:-$here/out}
bin=$out/bin
harness=(dotnet "$bin/ProxyProtocol.Fuzz.dll" "$target")
plain=(dotnet "$bin-plain/ProxyProtocol.Fuzz.dll" "$target")

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }
[[ ${FUZZ_SKIP_BUILD:-0} == 1 ]] || "$here/build.sh" "$bin"

seeds=$out/$target/seeds
findings=$out/$target/afl
rm -rf "$seeds" "$findings"
"${plain[@]}" --seeds "$seeds"

# AFL_NO_AFFINITY: the machine is shared, so do not insist on a free core of our own.
AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  afl-fuzz -i "$seeds" -o "$findings" -x "$here/proxy.dict" -t 5000 -m none -V "$seconds" -- "${harness[@]}" \
  > "$out/$target/afl.log" 2>&1 || { tail -30 "$out/$target/afl.log" >&2; echo "afl-fuzz failed ($target)" >&2; exit 1; }

stats=$findings/default/fuzzer_stats
field() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' | wc -l)
hangs=$(find "$findings/default/hangs" -type f -name 'id:*' | wc -l)
echo "fuzz $target: $(field execs_done) executions in $(field run_time) s ($(field execs_per_sec)/s), corpus $(field corpus_count), coverage $(field bitmap_cvg), crashes $crashes, hangs $hangs"

if (( crashes + hangs > 0 )); then
  for f in "$findings"/default/crashes/id:* "$findings"/default/hangs/id:*; do
    [[ -e $f ]] || continue
    echo "--- finding $f ($(wc -c <"$f") bytes): $(xxd -p "$f" | tr -d '\n' | cut -c1-400)"
    timeout 20 "${plain[@]}" --replay "$f" | head -20 || true
  done
  exit 1
fi
