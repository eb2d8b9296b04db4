#!/usr/bin/env bash
# JMH microbenchmarks of the server's hot paths: chat-core's live fan-out and post, chat-adapters-netty's
# frame encoding and decoding, the write of a shared frame to a room, and a send through the whole in-process
# server path. Builds both modules' test classes (no install) and runs org.openjdk.jmh.Main on their test
# classpath (JMH reads the BenchmarkList of both modules' test-classes), pinned with taskset to core CORE.
# Prints JMH's table and keeps the whole output in bench/results/jmh-<time>.txt. Asserts nothing.
#
# Bounded: 8 benchmarks x (a fork's start and setup, a few s + WI x W + I x R = 10 s) took 2 min 24 s at the
# defaults, 2 min 45 s with the build (a loaded 2-core machine): about 3 minutes. LIMIT (default 300 s) stops
# JMH if it runs longer.
# Five warm-up iterations, not three: the room benchmarks' JIT compilation takes several seconds on one core.
#
# Usage: bench/jmh.sh [regex]        e.g. bench/jmh.sh Frames, bench/jmh.sh 'RoomOf100'
# Knobs: CORE (0), FORKS (1), WI (5), W (1s), I (5), R (1s), HEAP (1g), LIMIT (300), JMH_ARGS (more JMH
# options, e.g. "-prof gc"). Results and the machine they were taken on: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

./mvnw -q -B -pl chat-core,chat-adapters-netty -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test
CP="chat-adapters-netty/target/test-classes:chat-core/target/test-classes"
CP="$CP:chat-adapters-netty/target/classes:chat-core/target/classes:$(cat chat-adapters-netty/target/jmh.classpath)"

PIN=()
if command -v taskset >/dev/null; then
  PIN=(taskset -c "${CORE:-0}")
fi
HEAP=${HEAP:-1g}
mkdir -p bench/results
OUT="bench/results/jmh-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "# $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg), pinned: ${PIN[*]:-no}"
  java -version 2>&1 | sed 's/^/# /'
} | tee "$OUT"
# The server's own logback configuration: INFO, Netty at WARN.
timeout "${LIMIT:-300}" "${PIN[@]}" java -cp "$CP" org.openjdk.jmh.Main \
  -f "${FORKS:-1}" -wi "${WI:-5}" -w "${W:-1s}" -i "${I:-5}" -r "${R:-1s}" -to 60s \
  -jvmArgs "-Xms$HEAP -Xmx$HEAP -Dlogback.configurationFile=$ROOT/chat-app/src/main/resources/logback.xml" \
  ${JMH_ARGS:-} "${1:-.}" 2>&1 | tee -a "$OUT"
echo "Output kept in $OUT"
