#!/usr/bin/env bash
# The load generator's own cost: how many deliveries/s one core of `chat bench` absorbs.
#
# A real server is the bottleneck long before the bench is, so the bench is pointed at FanoutStub (in
# chat-cli's tests): a one-thread Netty server that accepts any sign-in, stores nothing and fans every
# `send` out as one pre-encoded frame of the real server's shape, shared by all readers. The stub is pinned
# to core 0 and the bench to core 1 (`taskset`), both on loopback. For each offered load the bench prints
# one JSON line; this script turns them into a Markdown table. Takes about (warm-up + duration + 5 s) per
# load; stops the stub it starts. Results and the machine they were taken on: docs/performance.md.
#
# Knobs (environment): LOADS="100 200 300 400 600" (messages/s per sender; deliveries/s = 1,000 × that with
# the default 1,000 clients in 10 rooms of 100 and one sender per room), CLIENTS, ROOMS, WARMUP, DURATION,
# THREADS (the bench's event loops, default 1; with 2 the senders get a loop of their own, still on the one
# core), BENCH_CORE, STUB_CORE, FLUSH_MS (0: the stub flushes what one event-loop round wrote, so at these rates
# nearly every frame is a socket write and a socket read of its own; 5: every 5 ms, so each read carries
# several frames, as from a loaded server), RESULTS (a file to keep the JSON lines in).
set -euo pipefail
cd "$(dirname "$0")/.."

LOADS=${LOADS:-"100 200 300 400 600"}
CLIENTS=${CLIENTS:-1000}
ROOMS=${ROOMS:-10}
WARMUP=${WARMUP:-5s}
DURATION=${DURATION:-10s}
BENCH_CORE=${BENCH_CORE:-1}
STUB_CORE=${STUB_CORE:-0}
FLUSH_MS=${FLUSH_MS:-0}
THREADS=${THREADS:-1}

command -v jq >/dev/null || { echo "bench-overhead.sh needs jq (apt-get install jq)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "bench-overhead.sh needs taskset (util-linux)" >&2; exit 1; }

./mvnw -q -B -pl chat-cli -am package -DskipTests
CP="chat-cli/target/chat-cli-all.jar:chat-cli/target/test-classes"

# shellcheck source=bench/lib.sh
. bench/lib.sh
work=$(mktemp -d)
stub=""
cleanup() {
  stop_processes "$stub"
  rm -rf "$work"
}
trap cleanup EXIT

taskset -c "$STUB_CORE" java -Xms1g -Xmx1g -cp "$CP" dev.chat.cli.bench.FanoutStub 0 "$FLUSH_MS" >"$work/stub.log" 2>&1 &
stub=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/stub.log" 2>/dev/null && break
  sleep 0.2
done
port=$(sed -n 's/^listening on //p' "$work/stub.log")
[[ -n "$port" ]] || { echo "the stub did not start:" >&2; cat "$work/stub.log" >&2; exit 1; }

echo "machine: $(nproc) vCPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "bench on core $BENCH_CORE, stub on core $STUB_CORE (flushing every ${FLUSH_MS} ms; 0 = every loop round); $THREADS bench thread(s); $CLIENTS clients in $ROOMS rooms, 1 sender per room, 64-byte texts, $WARMUP warm-up, $DURATION measured"
echo
echo "| offered/s | delivered/s | lost | dup | p50 ms | p99 ms | late sends | bench CPU % | bench µs/delivery | stub CPU % | stub µs/delivery |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for load in $LOADS; do
  timeout 300 taskset -c "$BENCH_CORE" java -Xms1g -Xmx1g -cp "$CP" dev.chat.cli.bench.BenchCommand \
    --server "http://127.0.0.1:$port" --clients "$CLIENTS" --rooms "$ROOMS" --senders-per-room 1 --rate "$load" --threads "$THREADS" \
    --warmup "$WARMUP" --duration "$DURATION" --drain 30s --server-pid "$stub" --json 2>"$work/bench.err" >"$work/run.json" \
    || { echo "the bench failed at $load/s per sender:" >&2; cat "$work/bench.err" >&2; exit 1; }
  if [[ -n "${RESULTS:-}" ]]; then cat "$work/run.json" >>"$RESULTS"; fi
  jq -r '"| \(.offeredDeliveriesPerS) | \(.deliveriesPerS) | \(.lost) | \(.duplicated) | \(.latencyP50Ms) | \(.latencyP99Ms) | \(.lateSends) | \(.benchCpuPct) | \(.benchCpuUsPerDelivery) | \(.serverCpuPct) | \(.serverCpuUsPerDelivery) |"' "$work/run.json"
done
