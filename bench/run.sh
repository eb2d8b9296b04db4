#!/usr/bin/env bash
# The performance suite: builds the server and `chat bench`, then for each scenario starts a fresh server
# (SQLite, embedded fan-out) pinned to one core and runs `chat bench` pinned to the other, stops what it
# started, and writes one JSON line per run to bench/results/<time>/<scenario>.jsonl. bench/report.mjs then
# turns them into results.md (the targets of docs/performance.md beside the measured medians) and
# latency.svg (p99 latency against offered load, from the sweep). Never part of the test command.
#
#   bench/run.sh [scenario...]        all scenarios when none is named
#
# Scenarios: sweep (fan-out, offered load rising until the p99 passes 100 ms or messages are lost), at10k
# (10,000 deliveries/s: latency and CPU per delivery), at100k (CPU per delivery), idle (19,000 idle
# connections: RSS per connection), storm (10,000 clients connecting at once), posts (many rooms of two,
# both posting: acked posts/s into SQLite), smoke (20 clients for 2 s: keeps the script working).
#
# Knobs (environment): RUNS (runs of each fixed scenario, median reported; default 3), SERVER_CORE (0),
# BENCH_CORE (1), HEAP (server heap, 1g), DURATION (10s), WARMUP (3s), SWEEP ("10 25 50 100 150 200 300 400",
# messages/s per sender; 1,000 clients in 10 rooms of 100), PROFILE=1 (a JFR recording of the server during
# the at100k runs, summarised into hot-methods.txt with the newest JDK's `jfr` found).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
SERVER_CORE=${SERVER_CORE:-0}
BENCH_CORE=${BENCH_CORE:-1}
HEAP=${HEAP:-1g}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
SWEEP=${SWEEP:-"10 25 50 100 150 200 300 400"}
PROFILE=${PROFILE:-0}
scenarios=("$@")
if [[ ${#scenarios[@]} -eq 0 ]]; then
  scenarios=(sweep at10k at100k idle storm posts)
fi

for tool in taskset node curl; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool" >&2; exit 1; }
done
if [[ $(nproc) -lt 2 ]]; then
  echo "bench/run.sh pins the server and the load generator to two different cores; this machine has $(nproc)" >&2
  exit 1
fi
ulimit -n "$(ulimit -Hn)"

./mvnw -q -B package -DskipTests -Dfuzz.skip=true
APP=chat-app/target/chat-app.jar
CLI=chat-cli/target/chat-cli.jar

# shellcheck source=bench/lib.sh
. bench/lib.sh
out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
work=$(mktemp -d)
server=""

stop_server() {
  stop_processes "$server"
  server=""
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

# A fresh server on its own data folder, pinned, with rooms bench-0 … bench-<$1 - 1> and guests allowed (the
# bench signs in as guests: registering thousands of users would spend minutes hashing passwords); sets
# $server and $port. Extra JVM options in $2.
start_server() {
  local rooms=$1 jvm_options=${2:-}
  stop_server
  rm -rf "$work/data"
  port=$(free_port)
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CORE" java -Xms"$HEAP" -Xmx"$HEAP" $jvm_options -jar "$APP" \
    --host 127.0.0.1 --port "$port" --data-dir "$work/data" --rate-limit 0 --node-name bench \
    --guests true --default-rooms "$(seq -s, -f 'bench-%.0f' 0 $((rooms - 1)))" \
    >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 150); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.2
  done
  echo "the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
}

# One bench run against the running server; its JSON line goes to $out/$1.jsonl.
bench() {
  local scenario=$1
  shift
  timeout 600 taskset -c "$BENCH_CORE" java -Xms1g -Xmx2g -jar "$CLI" bench \
    --server "http://127.0.0.1:$port" --server-pid "$server" --guests --threads 2 --json "$@" \
    2>"$work/bench.err" >"$work/run.json" \
    || { echo "the bench failed in $scenario:" >&2; cat "$work/bench.err" >&2; exit 1; }
  cat "$work/run.json" >>"$out/$scenario.jsonl"
  node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
    console.log(`  ${process.argv[2]}: ${r.offeredDeliveriesPerS}/s offered, ${r.deliveriesPerS}/s delivered, lost ${r.lost}, p99 ${r.latencyP99Ms} ms, ack p99 ${r.ackP99Ms} ms, server ${r.serverCpuUsPerDelivery} µs/delivery, ${r.connectsPerS} connects/s, ${r.serverRssPerConnectionKiB} KiB/connection`)' \
    "$work/run.json" "$scenario"
}

fanout=(--clients 1000 --rooms 10 --senders-per-room 1 --size 64 --warmup "$WARMUP" --duration "$DURATION")

for scenario in "${scenarios[@]}"; do
  echo "$scenario"
  case $scenario in
    smoke)
      start_server 2
      bench smoke --clients 20 --rooms 2 --rate 5 --warmup 1s --duration 2s
      ;;
    sweep)
      for rate in $SWEEP; do
        start_server 10
        bench sweep "${fanout[@]}" --rate "$rate"
        node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
          process.exit(r.latencyP99Ms > 1000 || r.lost > r.expected / 10 ? 1 : 0)' "$work/run.json" \
          || { echo "  far past the knee: the sweep stops here"; break; }
      done
      ;;
    at10k)
      for _ in $(seq "$RUNS"); do start_server 10; bench at10k "${fanout[@]}" --rate 10; done
      ;;
    at100k)
      for i in $(seq "$RUNS"); do
        if [[ "$PROFILE" == 1 && $i == 1 ]]; then
          start_server 10 "-XX:StartFlightRecording=filename=$out/at100k.jfr,settings=profile,dumponexit=true"
        else
          start_server 10
        fi
        bench at100k "${fanout[@]}" --rate 100
      done
      ;;
    idle)
      start_server 190
      bench idle --clients 19000 --rooms 190 --senders-per-room 0 --connect-concurrency 200 \
        --warmup 1s --duration 5s --connect-timeout 120s
      ;;
    storm)
      for _ in $(seq "$RUNS"); do
        start_server 100
        bench storm --clients 10000 --rooms 100 --senders-per-room 0 --connect-concurrency 2000 \
          --signin-concurrency 8 --warmup 1s --duration 2s --connect-timeout 120s
      done
      ;;
    posts)
      for _ in $(seq "$RUNS"); do
        start_server 1000
        bench posts --clients 2000 --rooms 1000 --senders-per-room 2 --rate 10 --size 64 \
          --warmup "$WARMUP" --duration "$DURATION"
      done
      ;;
    *)
      echo "unknown scenario: $scenario" >&2
      exit 2
      ;;
  esac
  stop_server
done

if [[ "$PROFILE" == 1 && -f "$out/at100k.jfr" ]]; then
  jfr=$(ls -d /usr/lib/jvm/*/bin/jfr 2>/dev/null | sort -V | tail -1)
  "$jfr" view --width 160 hot-methods "$out/at100k.jfr" >"$out/hot-methods.txt" 2>&1 || true
fi

machine="$(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
node bench/report.mjs "$out" "$machine"
echo "results: $out/results.md"
