#!/usr/bin/env bash
# The performance suite: builds the server and `chat bench`, then for each scenario starts fresh servers
# (SQLite under a temporary folder, guests on, `--rate-limit 0` and the per-address limits off: every client
# comes from loopback), each pinned to a core of its own, runs
# `chat bench` pinned to another core, stops what it started, and writes one JSON line per run to
# <results>/<scenario>.jsonl (results: bench/results/<UTC time>/). bench/report.mjs then turns them into
# results.md (the targets of docs/performance.md beside the measured figures, and every run) and latency.svg
# (p99 latency against offered load, from the sweep). Exits non-zero when a server does not start, a bench
# run fails or the smoke check does not hold. The test command (tools/test.sh) runs `smoke` only.
#
#   bench/run.sh [scenario...]        every scenario but smoke when none is named
#
# How long: each sweep point and fixed run costs its warm-up + duration + about 15 s (start, sign-in, connect,
# drain, stop), so about 45 s with the defaults. The default suite takes about 15 minutes on a 2-core machine
# like the one in docs/performance.md (the sweeps stop a few points past their knee; redis is not run), about
# 25 minutes with redis on a machine of 3 cores or more, and at most about 40 minutes with every sweep run
# to its end.
#
# Scenarios (one server on SERVER_CORE with the in-process fan-out, the bench on BENCH_CORE, unless said):
#   floor   the machine's floor for the delivery scenarios: bench/floor/floor.c (compiled here with cc), one
#           process on SERVER_CORE holding 1,000 loopback TCP connections in 10 rooms of 100 and doing only
#           what the kernel must for a fan-out without batching, one write() of a 150-byte frame per delivery,
#           drained by a reader on BENCH_CORE; at 10,000, 25,000 and 50,000 deliveries/s (RUNS times each) and
#           as fast as it goes. Figure: its CPU per delivery, to which results.md compares the server's.
#   sweep   1,000 clients in 10 rooms of 100, one sender per room, 64-byte texts, at each rate of SWEEP
#           (messages/s per sender: 1,000 × that deliveries/s), stopping once the p99 passes 1 s or a tenth is
#           lost. Figure: the knee, the most deliveries/s with p99 ≤ 100 ms and nothing lost.
#   at10k   the same clients at 10,000 deliveries/s, RUNS times: p99 latency and server CPU per delivery
#           (beside the floor's, measured in the same session, as a ratio).
#   at25k, at50k, at100k   the same at 25,000, 50,000 and 100,000 deliveries/s (any atNk: N messages/s per
#           sender); at100k is not in the default list (it is past a one-core knee: the sweep covers it).
#   startup the RSS of an idle server just started with the documented defaults, 10 s after it answers, RUNS
#           times each: as the README starts it (java -jar, a port and a data folder, nothing else) and with the
#           Dockerfile's JVM options on a modelled 2 GB Fargate task (-XX:MaxRAM=2g); each also with a class-data
#           archive made by warm-up (as the image's). Also: the time to the first /healthz and the CPU until then.
#   idle    19,000 idle connections in 190 rooms: the server is warmed with traffic first (15 s), 9,500
#           connections are opened and held, and the figure is the RSS the next 9,500 add, per connection
#           (a cold JVM's RSS also grows by the young generation it touches, whatever the connections);
#           beside it, the live heap per connection after a full GC (jcmd), in idle-heap.jsonl.
#   storm   10,000 clients connecting 2,000 at a time, RUNS times: authenticated connections per second, with the
#           server's CPU per connection and both sides' share of their core while connecting (the bench's own
#           core can be the bound: its clients read every presence frame).
#   posts   2,000 clients in 1,000 rooms of two, both posting, at each rate of POSTS_SWEEP (per sender),
#           stopping after the first run whose ack p99 passes 1 s or that loses a message (a delivery or an
#           ack). Figure: the most acked posts/s among runs with ack p99 ≤ 50 ms and nothing lost.
#   store   the SQLite writer alone, no server: AppendLoad (chat-adapters-sqlite's test classes, compiled here
#           whatever BUILD says) on the server's core appends at each rate of STORE_SWEEP into 1,000 rooms from
#           2,000 authors (WARMUP, then DURATION measured), RUNS times. Figures: appends answered a second,
#           CPU per append (the process's, its pacing included; the writer thread's share beside it), answer
#           p50/p99. What one database's writer can commit a second, apart from everything else a post costs.
#   redis   Redis fan-out, 1 node and then 2 nodes: each node a server with --redis-url to a redis-server this
#           script starts on a free loopback port (pinned to the bench's core: it carries one publish per
#           message, not per delivery), both nodes on one SQLite file (SqliteDatabase is built for that:
#           every write an immediate transaction, so sessions made through node 1 are valid on node 2).
#           1,000 clients in 25 rooms of 40, spread round-robin over the nodes (an odd number of rooms, so
#           every room has readers on both nodes and half of each room's deliveries cross Redis), at each
#           rate of REDIS_SWEEP until a run passes p99 100 ms or loses a message. Figure: the 2-node knee over
#           the 1-node knee. Needs 3 cores (REDIS_CORES: node 1, node 2, the bench); with fewer and
#           REDIS_CORES unset it is not run and says why.
#   smoke   one server, 20 clients in 2 rooms for 2 s; fails unless every message was delivered (lost 0,
#           delivered = expected, acked = sent) and results.md was written. About 15 s; on a 1-core machine
#           (the only scenario that runs there) the server and the bench share core 0.
#
# Knobs (environment): BUILD (1; 0 uses chat-app/target/chat-app.jar and chat-cli/target/chat-cli-all.jar as
# they are), RESULTS_DIR (instead of bench/results/<time>), RUNS (runs of each fixed scenario, median
# reported; 3), SERVER_OPTS (more options for every server, such as "--management-port 0"), SERVER_CORE (0), BENCH_CORE (1), HEAP (each server's heap, 1g), DURATION (15s), WARMUP (20s,
# see below), SWEEP ("10 25 50 100 150 200 300 400"), POSTS_SWEEP ("0.25 0.5 1 2 4 8 10": 500 … 20,000
# offered posts/s), STORE_SWEEP ("5000 10000 20000" appends/s), REDIS_SWEEP ("10 15 20 25 30 40 50 60 80 100 150 200"), REDIS_CORES ("0 1 2"; on a
# 2-core machine "0 0 1" checks that the scenario runs, and results.md marks its figure as not valid), and
# PROFILE=1:
#
# PROFILER=jfr profiles with JFR even where perf is present: Java code sampled every millisecond, and beside the hot
# methods the share of Java samples spent in the telemetry code (bench/telemetry-share.mjs: a sample counts when
# the first frame from its top that is not the JDK's is Micrometer's, Prometheus's, dev.chat.app.Metrics or the
# core's Instrumented proxy; a store call made through the proxy counts as the store's). With
# SERVER_OPTS="--management-port 0" it measures what the metrics cost inside the run itself, free of the noise
# between runs.
#
# PROFILE=1 profiles the server of the first run of each atNk scenario and the last posts run that met
# its bound. With Linux `perf` (when present): the server runs with -XX:+PreserveFramePointer and
# -XX:+DumpPerfMapAtExit, `perf record -F 499 -g -p <server>` covers the measured window only, and once the
# server has stopped (SIGTERM, so that its JVM writes /tmp/perf-<pid>.map, the names of its JIT-compiled
# code) profile-<scenario>.txt gets the share of samples by thread, by kind of code (kernel, JIT-compiled
# Java, libjvm: JIT compiler, GC and runtime, SQLite, other native code) and by DSO, and the top 40 symbols;
# the raw data is not kept. Without perf: a JFR recording of the server's whole life, summarised as hot
# methods by the newest JDK's `jfr` on the machine. Either way, every posts run is started with the
# profiling options (the last one to meet the bound is only known afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

BUILD=${BUILD:-1}
RUNS=${RUNS:-3}
SERVER_CORE=${SERVER_CORE:-0}
BENCH_CORE=${BENCH_CORE:-$(($(nproc) > 1 ? 1 : 0))}
HEAP=${HEAP:-1g}
DURATION=${DURATION:-15s}
# 20 s rather than a few: on its one pinned core the server's JIT compiler keeps compiling for 30-40 s at
# moderate load (a -XX:+PrintCompilation log at 1,000 posts/s settled only ~35 s after the start), and the CPU
# per delivery measured with a 3 s warm-up counted that compiling. 20 s of sending, after the start and the
# connecting, opens the window some 25 s into the server's life, past most (not all) of it; a longer warm-up
# would lengthen every run of the suite.
WARMUP=${WARMUP:-20s}
SWEEP=${SWEEP:-"10 25 50 100 150 200 300 400"}
POSTS_SWEEP=${POSTS_SWEEP:-"0.25 0.5 1 2 4 8 10"}
STORE_SWEEP=${STORE_SWEEP:-"5000 10000 20000"}
REDIS_SWEEP=${REDIS_SWEEP:-"10 15 20 25 30 40 50 60 80 100 150 200"}
PROFILE=${PROFILE:-0}
scenarios=("$@")
if [[ ${#scenarios[@]} -eq 0 ]]; then
  scenarios=(floor at10k at25k at50k sweep idle storm posts store startup redis)
fi

needs=(taskset node curl)
if [[ " ${scenarios[*]} " == *" floor "* ]]; then needs+=(cc); fi
if [[ " ${scenarios[*]} " == *" idle "* ]]; then needs+=(jcmd ss); fi   # idle reads the live heap, counts connections
for tool in "${needs[@]}"; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool" >&2; exit 1; }
done
if [[ $(nproc) -lt 2 && "${scenarios[*]}" != smoke ]]; then
  echo "bench/run.sh pins the server and the load generator to two different cores; this machine has $(nproc)" >&2
  exit 1
fi
ulimit -n "$(ulimit -Hn)"

profiler=""
if [[ "$PROFILE" == 1 ]]; then
  if command -v perf >/dev/null && [[ "${PROFILER:-}" != jfr ]]; then
    profiler=perf
  else
    profiler=jfr
    jfr=$(find /usr/lib/jvm -path '*/bin/jfr' 2>/dev/null | sort -V | tail -1)
    [[ -n "$jfr" ]] || { echo "PROFILE=1 needs perf or a JDK's jfr" >&2; exit 1; }
    [[ "${PROFILER:-}" == jfr ]] || echo "perf not found: profiling with JFR"
  fi
fi

if [[ "$BUILD" != 0 ]]; then
  ./mvnw -q -B package -DskipTests -Dfuzz.skip=true
fi
APP=chat-app/target/chat-app.jar
CLI=chat-cli/target/chat-cli-all.jar
for jar in "$APP" "$CLI"; do
  [[ -f "$jar" ]] || { echo "no $jar: build it first (./mvnw -B package -DskipTests) or drop BUILD=0" >&2; exit 1; }
done

out=${RESULTS_DIR:-"bench/results/$(date -u +%Y%m%dT%H%M%SZ)"}
mkdir -p "$out"
work=$(mktemp -d)
machine="$(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
cat >"$out/setup.json" <<EOF
{"machine": "${machine//\"/\\\"}", "nproc": $(nproc), "serverCore": $SERVER_CORE, "benchCore": $BENCH_CORE, "heap": "$HEAP", "warmup": "$WARMUP", "duration": "$DURATION", "profiler": "$profiler"}
EOF

pids=()          # the servers of the current run, node 1 first
ports=()
redis_pid=""
redis_port=""
bench_core=$BENCH_CORE
profile=""       # when set (and profiling with perf), the next bench run's window is recorded under this name

stop_servers() {
  stop_processes "${pids[@]}"
  pids=()
  ports=()
}
stop_redis() {
  stop_processes "$redis_pid"
  redis_pid=""
}
cleanup() {
  stop_servers
  stop_redis
  rm -rf "$work"
}
trap cleanup EXIT

# A server pinned to core $1 on data folder $2, with rooms bench-0 … bench-<$3 - 1> and guests allowed (the
# bench signs in as guests: registering thousands of users would spend minutes hashing passwords); JVM options
# in $4, further server options after them. Waits until it answers, and appends it to $pids and $ports.
start_node() {
  local core=$1 data=$2 rooms=$3 jvm_options=$4 node=$((${#pids[@]} + 1)) port
  shift 4
  port=$(free_port)
  local heap_options="-Xms$HEAP -Xmx$HEAP"
  if [[ "$jvm_options" == defaults ]]; then heap_options="" jvm_options=""; fi   # as the README starts it
  # shellcheck disable=SC2086
  taskset -c "$core" java $heap_options $jvm_options -jar "$APP" \
    --host 127.0.0.1 --port "$port" --data-dir "$data" --rate-limit 0 --node-name "bench-$node" \
    --guests-per-address 0 --max-connections-per-address 0 --max-connections-per-user 100000 \
    --guests true --default-rooms "$(seq -s, -f 'bench-%.0f' 0 $((rooms - 1)))" "$@" ${SERVER_OPTS:-} \
    >"$work/server-$node.log" 2>&1 &
  pids+=("$!")
  ports+=("$port")
  for _ in $(seq 150); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "server $node did not start:" >&2
  cat "$work/server-$node.log" >&2
  exit 1
}

# One fresh server on SERVER_CORE with $1 rooms and a new data folder; JVM options in $2.
start_server() {
  stop_servers
  rm -rf "$work/data"
  start_node "$SERVER_CORE" "$work/data" "$1" "${2:-}"
}

# A fresh redis-server on a free loopback port, pinned to the bench's core, nothing saved to disk.
start_redis() {
  stop_redis
  redis_port=$(free_port)
  taskset -c "$bench_core" redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 50); do
    grep -q 'Ready to accept connections' "$work/redis.log" && return 0
    kill -0 "$redis_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "redis-server did not start:" >&2
  cat "$work/redis.log" >&2
  exit 1
}

# "20s", "500ms", "2m" or "10" in seconds, plus $2.
seconds_of() {
  awk -v d="$1" -v plus="${2:-0}" 'BEGIN { n = d + 0; if (d ~ /ms$/) n /= 1000; else if (d ~ /m$/) n *= 60; print n + plus }'
}

# Whether the last bench run's JSON (r) makes the JavaScript expression $1 true.
last_run() {
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.exit(eval(process.argv[2]) ? 0 : 1)' \
    "$work/run.json" "$1"
}

# JVM options for a server to be profiled under the name $1 (none when $1 is empty or PROFILE is off).
profile_options() {
  [[ -n "$1" ]] || return 0
  case $profiler in
    perf) echo "-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer" ;;
    jfr)
      # JFR's profile settings, Java code sampled every millisecond instead of every 10 ms.
      sed 's|<setting name="period" control="method-sampling-java-interval">10 ms</setting>|<setting name="period" control="method-sampling-java-interval">1 ms</setting>|' \
        "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" >"$work/sampling.jfc"
      echo "-XX:StartFlightRecording=filename=$work/$1.jfr,settings=$work/sampling.jfc,dumponexit=true" ;;
  esac
}

# Records node 1 with perf during the measured window of bench process $1 (its options after $2, the
# profile's name): the bench prints "sending:" 0.1 s before its first send; the window opens a warm-up later.
perf_window() {
  local bench_pid=$1 name=$2 warmup=2s duration=10s
  shift 2
  while [[ $# -gt 0 ]]; do
    case $1 in
      --warmup) warmup=$2; shift ;;
      --duration) duration=$2; shift ;;
    esac
    shift
  done
  until grep -q '^sending:' "$work/bench.err" 2>/dev/null; do
    kill -0 "$bench_pid" 2>/dev/null || return 0   # the bench failed; its caller reports it
    sleep 0.05
  done
  sleep "$(seconds_of "$warmup" 0.1)"
  taskset -c "$bench_core" perf --buildid-dir "$work/perf-buildids" record -F 499 -g -p "${pids[0]}" \
    -o "$work/$name.perf.data" -- sleep "$(seconds_of "$duration")" >"$work/perf.log" 2>&1 \
    || { echo "  perf record failed; no profile:" >&2; cat "$work/perf.log" >&2; }
}

# Once server process $2 has stopped: profile-$1.txt from its perf data or JFR recording; $3 says which run.
summarise_profile() {
  local name=$1 pid=$2 what=$3 file="$out/profile-$1.txt"
  case $profiler in
    perf)
      local data="$work/$name.perf.data"
      [[ -f "$data" ]] || return 0
      local report=(perf --buildid-dir "$work/perf-buildids" report -i "$data" --stdio --no-children -g none)
      (
        set +e +o pipefail   # an empty section or head closing its pipe early is no failure
        echo "perf profile of the server (pid $pid), measured window of $what"
        echo "perf record -F 499 -g -p $pid; $("${report[@]}" --sort comm 2>/dev/null | grep -m1 '^# Samples')"
        echo
        echo "## Share of samples by thread (comm)"
        echo
        "${report[@]}" --sort comm --percent-limit 0.5 2>/dev/null | grep -v '^#' | sed '/^ *$/d'
        echo
        echo "## Share of samples by kind of code"
        echo
        "${report[@]}" --sort dso 2>/dev/null | grep -v '^#' | awk -v map="perf-$pid.map" '
          $1 ~ /%$/ {
            share = $1; sub(/%$/, "", share); dso = $2
            if (dso ~ /^\[kernel/ || dso ~ /^\[guest\.kernel/) kind = "kernel"
            else if (dso == map || dso ~ /^\[JIT\]/) kind = "JIT-compiled Java (code cache: compiled methods, interpreter, stubs)"
            else if (dso ~ /libjvm\.so/) kind = "libjvm (JIT compiler, GC, runtime)"
            else if (dso ~ /sqlite/) kind = "SQLite (libsqlitejdbc)"
            else kind = "other native code (libc, JDK libraries, …)"
            sum[kind] += share
          }
          END { for (k in sum) printf "%7.2f%%  %s\n", sum[k], k }' | sort -rn
        echo
        echo "## Share of samples by DSO"
        echo
        "${report[@]}" --sort dso --percent-limit 0.1 2>/dev/null | grep -v '^#' | sed '/^ *$/d'
        echo
        echo "## Top 40 symbols"
        echo
        "${report[@]}" --sort dso,sym 2>/dev/null | grep -v '^#' | sed '/^ *$/d' | head -40
      ) >"$file"
      rm -f "$data" "/tmp/perf-$pid.map"
      ;;
    jfr)
      [[ -f "$work/$name.jfr" ]] || return 0
      {
        echo "JFR hot methods of the server (pid $pid), whole life of $what"
        "$jfr" view --width 160 hot-methods "$work/$name.jfr"
        echo
        echo "## Share of Java samples in the telemetry code (--management-port's metrics)"
        echo
        "$jfr" print --json --stack-depth 24 --events jdk.ExecutionSample "$work/$name.jfr" | node bench/telemetry-share.mjs
      } >"$file" 2>&1 || true
      rm -f "$work/$name.jfr"
      ;;
  esac
}

# Drops what profiling server process $2 under the name $1 left behind.
discard_profile() {
  rm -f "$work/$1.perf.data" "$work/$1.jfr" "/tmp/perf-$2.map"
}

# KiB of live heap in JVM $1 after a full GC (young and old generations, or G1's heap), read with jcmd.
live_heap_kib() {
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/generation|garbage-first heap/ {
    for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); sum += v } } END { print sum }'
}

# Waits until at least $2 connections to local port $1 are established, while process $3 lives (2 min at most).
await_connections() {
  local n
  for _ in $(seq 600); do
    n=$(ss -tnH state established "( sport = :$1 )" | wc -l)
    [[ $n -ge $2 ]] && return 0
    kill -0 "$3" 2>/dev/null || { echo "waiting for $2 connections: process $3 ended at $n" >&2; return 1; }
    sleep 0.2
  done
  echo "waiting for $2 connections: $n after 2 minutes" >&2
  return 1
}

# One bench run against the servers running now (node 1's CPU and memory reported), recorded with perf when
# $profile is set; its JSON line goes to $out/$1.jsonl.
bench() {
  local scenario=$1 targets=() port running
  shift
  for port in "${ports[@]}"; do targets+=(--server "http://127.0.0.1:$port"); done
  rm -f "$work/bench.err"
  timeout 600 taskset -c "$bench_core" java -Xms1g -Xmx2g -jar "$CLI" bench "${targets[@]}" \
    --server-pid "${pids[0]}" --guests --threads 2 --json "$@" 2>"$work/bench.err" >"$work/run.json" &
  running=$!
  if [[ -n "$profile" && "$profiler" == perf ]]; then perf_window "$running" "$profile" "$@"; fi
  wait "$running" || { echo "the bench failed in $scenario:" >&2; cat "$work/bench.err" >&2; exit 1; }
  cat "$work/run.json" >>"$out/$scenario.jsonl"
  node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
    console.log(`  ${process.argv[2]}: ${r.offeredDeliveriesPerS}/s offered, ${r.deliveriesPerS}/s delivered, lost ${r.lost}, p99 ${r.latencyP99Ms} ms, sent ${r.sent}, acked ${r.acked}, ack p99 ${r.ackP99Ms} ms, server ${r.serverCpuPct} % CPU, ${r.serverCpuUsPerDelivery} µs/delivery, ${r.connectsPerS} connects/s (server ${r.serverCpuUsPerConnection} µs each, ${r.serverCpuPctConnecting} % CPU; bench ${r.benchCpuPctConnecting} % CPU), ${r.serverRssPerConnectionKiB} KiB/connection`)' \
    "$work/run.json" "$scenario"
}

fanout=(--clients 1000 --rooms 10 --senders-per-room 1 --size 64 --warmup "$WARMUP" --duration "$DURATION")

for scenario in "${scenarios[@]}"; do
  echo "$scenario"
  case $scenario in
    smoke)
      start_server 2
      bench smoke --clients 20 --rooms 2 --rate 5 --warmup 1s --duration 2s
      last_run 'r.expected > 0 && r.delivered === r.expected && r.lost === 0 && r.acked === r.sent' \
        || { echo "smoke: not every message was delivered and acked (the line above)" >&2; exit 1; }
      ;;
    sweep)
      for rate in $SWEEP; do
        start_server 10
        bench sweep "${fanout[@]}" --rate "$rate"
        if last_run 'r.latencyP99Ms > 1000 || r.lost > r.expected / 10'; then
          echo "  far past the knee: the sweep stops here"
          break
        fi
      done
      ;;
    floor)
      cc -O2 -o "$work/floor" bench/floor/floor.c
      for rate in 10000 25000 50000 0; do
        for _ in $(seq "$RUNS"); do
          "$work/floor" "$rate" 2 "$(seconds_of "$DURATION")" 1000 10 150 "$SERVER_CORE" "$BENCH_CORE" >"$work/run.json"
          cat "$work/run.json" >>"$out/floor.jsonl"
          node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
            console.log(`  floor: ${r.offeredDeliveriesPerS || "as fast as it goes"}${r.offeredDeliveriesPerS ? "/s offered" : ""}, ${r.deliveriesPerS}/s delivered, ${r.cpuPct} % CPU, ${r.cpuUsPerDelivery} µs/delivery`)' \
            "$work/run.json"
        done
      done
      ;;
    startup)
      # As the README starts it (java -jar, nothing but a port and a data folder) on this machine, and with the
      # Dockerfile's JVM options on a modelled 2 GB Fargate task (-XX:MaxRAM=2g stands in for the container's
      # memory limit, which the JVM sizes its heap from); each with and without a class-data archive made as the
      # image makes it (warm-up, with the image's collector). Figures: the time from launch to the first
      # /healthz answer, the server's CPU until then, and the RSS 10 s after it.
      archive="$work/chat-app.jsa"
      rm -f "$archive"
      taskset -c "$SERVER_CORE" java -XX:+UseG1GC -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off \
        -Xlog:cds+dynamic=off -jar "$APP" warm-up >"$work/warm-up.log" 2>&1
      read -r -a image <<<"$(sed -n 's/^ENTRYPOINT \["java", \(.*\), "-jar".*/\1/p' deploy/Dockerfile | tr -d '",')"
      image=("${image[@]/#-XX:SharedArchiveFile=*/-XX:SharedArchiveFile=$archive}")
      bare=()
      for option in "${image[@]}"; do
        [[ $option == -XX:SharedArchiveFile=* ]] || bare+=("$option")
      done
      tck=$(getconf CLK_TCK)
      for variant in readme readme-archive fargate-2g-no-archive fargate-2g; do
        case $variant in
          readme) jvm=() ;;
          readme-archive) jvm=("-XX:SharedArchiveFile=$archive") ;;
          fargate-2g-no-archive) jvm=(-XX:MaxRAM=2g "${bare[@]}") ;;
          fargate-2g) jvm=(-XX:MaxRAM=2g "${image[@]}") ;;
        esac
        for _ in $(seq "$RUNS"); do
          stop_servers
          rm -rf "$work/data"
          port=$(free_port)
          launched=$(date +%s%N)
          taskset -c "$SERVER_CORE" java "${jvm[@]}" -jar "$APP" --host 127.0.0.1 --port "$port" --data-dir "$work/data" \
            >"$work/server-1.log" 2>&1 &
          pids+=("$!")
          ports+=("$port")
          for _ in $(seq 600); do
            curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
            sleep 0.05
          done
          ready_ms=$((($(date +%s%N) - launched) / 1000000))
          read -r -a stat <"/proc/${pids[0]}/stat"
          cpu_ms=$(((stat[13] + stat[14]) * 1000 / tck))
          sleep 10
          rss=$(awk '/^VmRSS/ {print $2}' "/proc/${pids[0]}/status")
          echo "{\"variant\": \"$variant\", \"jvmOptions\": \"${jvm[*]}\", \"rssKiB\": $rss, \"readyMs\": $ready_ms, \"cpuMsToReady\": $cpu_ms}" >>"$out/startup.jsonl"
          echo "  startup ($variant${jvm[*]:+: ${jvm[*]}}): answered in $ready_ms ms using $cpu_ms ms of CPU; RSS $((rss / 1024)) MiB 10 s later"
        done
      done
      stop_servers
      ;;
    at[0-9]*k)
      rate=${scenario#at}
      rate=${rate%k}   # messages/s per sender: 1,000 × that deliveries/s
      for i in $(seq "$RUNS"); do
        if [[ -n "$profiler" && $i == 1 ]]; then profile=$scenario; fi
        start_server 10 "$(profile_options "$profile")"
        bench "$scenario" "${fanout[@]}" --rate "$rate"
        if [[ -n "$profile" ]]; then
          pid=${pids[0]}
          stop_servers
          summarise_profile "$profile" "$pid" "the first $scenario run"
          profile=""
        fi
      done
      ;;
    idle)
      # What one more connection costs, not what the heap costs: a cold JVM's RSS grows by the young
      # generation it touches while connecting (~300 MB of a 1 GiB heap, whatever the number of connections),
      # so the server is first warmed with traffic (every page of its heap touched, its JIT done), 9,500
      # connections are opened and held, and the figure is the RSS the next 9,500 add, per connection, read
      # once they are all up and before anything else happens. The live heap they take (after a full GC, from
      # `jcmd`) goes beside it; that collection moves every young object into the old generation and so
      # touches pages of its own (about 3.7 KiB per connection here): the bench's own figure, read at the end
      # of its window, comes after it and is kept as the second figure.
      start_server 190
      bench idle-warm-up --clients 1000 --rooms 10 --senders-per-room 1 --rate 20 --size 64 --warmup 5s \
        --duration 10s
      heap_before=$(live_heap_kib "${pids[0]}")
      taskset -c "$bench_core" java -Xms1g -Xmx2g -jar "$CLI" bench --server "http://127.0.0.1:${ports[0]}" \
        --guests --threads 2 --json --clients 9500 --rooms 95 --senders-per-room 0 --connect-concurrency 200 \
        --warmup 1s --duration 300s --connect-timeout 120s >/dev/null 2>"$work/hold.err" &
      holder=$!
      await_connections "${ports[0]}" 9500 "$holder"
      sleep 2
      rss_before=$(awk '/^VmRSS/ {print $2}' "/proc/${pids[0]}/status")
      ( await_connections "${ports[0]}" 19000 "${pids[0]}" && sleep 2 \
          && awk '/^VmRSS/ {print $2}' "/proc/${pids[0]}/status" >"$work/rss-after" \
          && echo "$(live_heap_kib "${pids[0]}")" >"$work/heap-after" ) &
      heap_probe=$!
      bench idle --clients 9500 --rooms 190 --senders-per-room 0 --connect-concurrency 200 \
        --warmup 5s --duration 5s --connect-timeout 120s
      wait "$heap_probe" || true
      stop_processes "$holder"
      node -e 'const [before, after, rssBefore, rssAfter] = process.argv.slice(1).map(Number);
        console.log(JSON.stringify({connections: 19000, liveHeapBeforeKiB: before, liveHeapAfterKiB: after,
          liveHeapPerConnectionKiB: Math.round((after - before) / 19000 * 100) / 100,
          rssAt9500KiB: rssBefore, rssAt19000KiB: rssAfter,
          rssPerConnectionKiB: Math.round((rssAfter - rssBefore) / 9500 * 100) / 100}))' \
        "$heap_before" "$(cat "$work/heap-after" 2>/dev/null || echo NaN)" \
        "$rss_before" "$(cat "$work/rss-after" 2>/dev/null || echo NaN)" >>"$out/idle-heap.jsonl"
      ;;
    storm)
      for _ in $(seq "$RUNS"); do
        start_server 100
        bench storm --clients 10000 --rooms 100 --senders-per-room 0 --connect-concurrency 2000 \
          --signin-concurrency 8 --warmup 1s --duration 2s --connect-timeout 120s
      done
      ;;
    posts)
      for rate in $POSTS_SWEEP; do
        if [[ -n "$profiler" ]]; then profile=posts; fi
        start_server 1000 "$(profile_options "$profile")"
        bench posts --clients 2000 --rooms 1000 --senders-per-room 2 --rate "$rate" --size 64 \
          --warmup "$WARMUP" --duration "$DURATION"
        pid=${pids[0]}
        stop_servers
        if [[ -n "$profile" ]]; then
          if last_run 'r.ackP99Ms <= 50 && r.lost === 0 && r.acked === r.sent'; then
            summarise_profile posts "$pid" "the posts run at $rate/s per sender, the last one to meet the bound"
          else
            discard_profile posts "$pid"
          fi
          profile=""
        fi
        if last_run 'r.ackP99Ms > 1000 || r.lost > 0 || r.acked < r.sent'; then
          echo "  ack p99 over 1 s or messages lost: the sweep stops here"
          break
        fi
      done
      ;;
    store)
      ./mvnw -q -B -pl chat-adapters-sqlite -am test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/store.classpath -Dmdep.includeScope=test
      store_cp="chat-adapters-sqlite/target/test-classes:chat-adapters-sqlite/target/classes"
      store_cp="$store_cp:$(cat chat-adapters-sqlite/target/store.classpath)"
      for rate in $STORE_SWEEP; do
        for _ in $(seq "$RUNS"); do
          taskset -c "$SERVER_CORE" java -Xms512m -Xmx512m -cp "$store_cp" dev.chat.adapters.sqlite.AppendLoad \
            "$rate" "$(seconds_of "$WARMUP")" "$(seconds_of "$DURATION")" 1000 2>"$work/store.err" \
            | grep '^{' >"$work/run.json" || { echo "AppendLoad failed:" >&2; cat "$work/store.err" >&2; exit 1; }
          cat "$work/run.json" >>"$out/store.jsonl"
          node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
            console.log(`  store: ${r.offeredAppendsPerS}/s offered, ${r.appendsPerS}/s answered, ${r.cpuUsPerAppend} µs/append (writer ${r.writerCpuPct} % of a core), answer p50 ${r.answerP50Ms} ms, p99 ${r.answerP99Ms} ms, ${r.unanswered} unanswered, ${r.failed} failed`)' \
            "$work/run.json"
        done
      done
      ;;
    redis)
      read -r -a cores <<<"${REDIS_CORES:-0 1 2}"
      if [[ -z "${REDIS_CORES:-}" && $(nproc) -lt 3 ]]; then
        echo "  not run: needs 3 cores (two servers and the bench, each on its own); this machine has $(nproc)."
        echo "  REDIS_CORES=\"0 0 1\" runs it on shared cores to check the script (its figure is then not valid)."
        echo "{\"run\": false, \"nproc\": $(nproc)}" >"$out/redis-setup.json"
        continue
      fi
      if [[ ${#cores[@]} -ne 3 ]]; then
        echo "REDIS_CORES takes three cores (node 1, node 2, the bench), not '${REDIS_CORES:-}'" >&2
        exit 2
      fi
      for core in "${cores[@]}"; do
        [[ "$core" =~ ^[0-9]+$ && $core -lt $(nproc) ]] \
          || { echo "REDIS_CORES: no core '$core' on this machine ($(nproc) cores)" >&2; exit 2; }
      done
      command -v redis-server >/dev/null || { echo "the redis scenario needs redis-server (Debian package)" >&2; exit 1; }
      shared=false
      if [[ $(printf '%s\n' "${cores[@]}" | sort -u | wc -l) -lt 3 ]]; then
        shared=true
        echo "  cores shared (REDIS_CORES=\"${cores[*]}\"): checks that the scenario runs; not a valid figure"
      fi
      echo "{\"run\": true, \"nproc\": $(nproc), \"cores\": [${cores[0]}, ${cores[1]}, ${cores[2]}], \"shared\": $shared}" \
        >"$out/redis-setup.json"
      bench_core=${cores[2]}
      for nodes in 1 2; do
        for rate in $REDIS_SWEEP; do
          start_redis
          stop_servers
          rm -rf "$work/data"
          for n in $(seq "$nodes"); do
            start_node "${cores[n - 1]}" "$work/data" 25 "" --redis-url "redis://127.0.0.1:$redis_port"
          done
          bench "redis-$nodes" --clients 1000 --rooms 25 --senders-per-room 1 --size 64 --rate "$rate" \
            --warmup "$WARMUP" --duration "$DURATION"
          stop_servers
          stop_redis
          if last_run 'r.latencyP99Ms > 100 || r.lost > 0'; then
            echo "  past the knee: the $nodes-node sweep stops here"
            break
          fi
        done
      done
      bench_core=$BENCH_CORE
      ;;
    *)
      echo "unknown scenario: $scenario" >&2
      exit 2
      ;;
  esac
  stop_servers
done

node bench/report.mjs "$out"
if [[ ! -s "$out/results.md" ]]; then
  echo "no results.md in $out" >&2
  exit 1
fi
if [[ " ${scenarios[*]} " == *" smoke "* ]] && ! grep -q '^## Smoke' "$out/results.md"; then
  echo "smoke: results.md has no smoke run" >&2
  exit 1
fi
echo "results: $out/results.md"
