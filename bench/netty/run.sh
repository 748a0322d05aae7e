#!/bin/sh
# Netty's PROXY protocol decoder on bench/inputs.json, the figures docs/benchmarks.md sets next to ours.
# Needs a JDK and Debian's Netty: apt-get install -y libnetty-java default-jdk-headless
# Compiles into a temporary folder (nothing is written next to the sources) and starts one JVM per case, so one
# case's JIT profile cannot help another. Prints the decode check on stderr, then one TSV line per case on stdout.
# Env: MODES (decoder_direct; also: channel), INPUTS (every name in the file), WARMUP_MS (5000), RUNS (5),
#      RUN_MS (1000), NETTY_JARS (/usr/share/java).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
INPUTS_FILE="$HERE/../inputs.json"
JARS=${NETTY_JARS:-/usr/share/java}
CP=$JARS/netty-common.jar:$JARS/netty-buffer.jar:$JARS/netty-transport.jar:$JARS/netty-codec.jar:$JARS/netty-codec-haproxy.jar
for jar in $(echo "$CP" | tr ':' ' '); do
  [ -f "$jar" ] || { echo "missing $jar: apt-get install -y libnetty-java (or set NETTY_JARS)" >&2; exit 2; }
done
CLASSES=$(mktemp -d)
trap 'rm -rf "$CLASSES"' EXIT INT TERM
javac -nowarn -d "$CLASSES" -cp "$CP" "$HERE/NettyDecoderBench.java"
# Netty's leak detector samples buffers and would add its own cost; a fixed heap keeps GC sizing the same per case.
run() { java -Xms1g -Xmx1g -Dio.netty.leakDetection.level=disabled -cp "$CLASSES:$CP" NettyDecoderBench "$INPUTS_FILE" "$@"; }

run check >&2
printf 'input\tmode\tmedian_ns\tmin_ns\tmax_ns\tbytes_per_op\n'
for input in ${INPUTS:-$(sed -n 's/^ *"\([a-z0-9_]*\)":.*/\1/p' "$INPUTS_FILE")}; do
  for mode in ${MODES:-decoder_direct}; do
    run "$input" "$mode" "${WARMUP_MS:-5000}" "${RUNS:-5}" "${RUN_MS:-1000}"
  done
done
