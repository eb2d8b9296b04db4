#!/usr/bin/env bash
# A local multi-node cluster without Docker, all on loopback: Redis, a DynamoDB-compatible server
# (dynalite), three chat nodes sharing them, and nginx in front as the load balancer (WebSockets proxied).
#
#   deploy/local/cluster.sh up       start everything and print the URL (installs redis-server and nginx
#                                    with apt-get if missing, builds the jar if missing)
#   deploy/local/cluster.sh status   what is running, by PID
#   deploy/local/cluster.sh down     stop exactly the processes `up` started, by the PIDs it recorded
#
# Settings (environment variables, all optional):
#   CLUSTER_DIR        state: PIDs, logs, nginx config, dynalite data   (default: deploy/local/run)
#   CLUSTER_PORT       the load balancer's port: open http://localhost:CLUSTER_PORT/   (default: 8088)
#   CLUSTER_NODES      how many chat nodes                              (default: 3)
#   CLUSTER_NODE_PORT  the first node's port; the others follow         (default: 8091)
#   CLUSTER_REDIS_PORT (default: 6390)     CLUSTER_DYNAMO_PORT (default: 8010)
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${CLUSTER_DIR:-$repo/deploy/local/run}"
lb_port="${CLUSTER_PORT:-8088}"
nodes="${CLUSTER_NODES:-3}"
node_port="${CLUSTER_NODE_PORT:-8091}"
redis_port="${CLUSTER_REDIS_PORT:-6390}"
dynamo_port="${CLUSTER_DYNAMO_PORT:-8010}"
jar="$repo/chat-app/target/chat-app.jar"

say() { printf 'cluster: %s\n' "$*"; }

# Installs a Debian package when its command is missing (with sudo when not root).
need() {
  local command="$1" package="$2"
  if ! command -v "$command" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$command" ]; then
    say "installing $package"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$package" >/dev/null
  fi
}

nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

# Starts a command in the background with its output in logs/NAME.log and its PID in pids/NAME.pid.
start() {
  local name="$1"; shift
  if running "$name"; then
    say "$name is already running (pid $(cat "$dir/pids/$name.pid"))"
    return
  fi
  "$@" >"$dir/logs/$name.log" 2>&1 &
  echo $! >"$dir/pids/$name.pid"
}

# What the command line of each recorded process contains, so a PID reused by another program is not ours.
marker() {
  case "$1" in
    redis) echo "redis-server" ;;
    dynalite) echo "dynalite" ;;
    nginx) echo "nginx" ;;
    *) echo "chat-app.jar" ;;
  esac
}

# True when the recorded PID is alive and still the process `up` started.
running() {
  local file="$dir/pids/$1.pid" pid
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$(marker "$1")"
}

await_port() {
  local name="$1" port="$2" tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 600 ] || ! running "$name"; then
      say "$name did not start; its log: $dir/logs/$name.log"
      tail -n 20 "$dir/logs/$name.log" >&2 || true
      exit 1
    fi
    sleep 0.1
  done
}

up() {
  mkdir -p "$dir/pids" "$dir/logs" "$dir/nginx" "$dir/dynalite"
  need redis-server redis-server
  need nginx nginx
  if [ ! -f "$repo/tools/dynalite/node_modules/dynalite/cli.js" ]; then
    npm ci --prefix "$repo/tools/dynalite" --no-audit --no-fund --loglevel=error
  fi
  if [ ! -f "$jar" ]; then
    say "building $jar"
    (cd "$repo" && ./mvnw -q -B package -DskipTests)
  fi

  start redis redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no
  start dynalite node "$repo/tools/dynalite/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$dynamo_port" \
    --createTableMs 0 --deleteTableMs 0 --updateTableMs 0 --path "$dir/dynalite"
  await_port redis "$redis_port"
  await_port dynalite "$dynamo_port"

  local upstreams="" i port
  for i in $(seq 1 "$nodes"); do
    port=$((node_port + i - 1))
    upstreams="$upstreams        server 127.0.0.1:$port;"$'\n'
    start "node-$i" env CHAT_LOG_LEVEL="${CHAT_LOG_LEVEL:-INFO}" java -Xmx256m -jar "$jar" \
      --host 127.0.0.1 --port "$port" --guests true \
      --store dynamodb --dynamodb-endpoint "http://127.0.0.1:$dynamo_port" --dynamodb-create-tables true \
      --redis-url "redis://127.0.0.1:$redis_port" --trusted-proxies 127.0.0.1 \
      --allowed-origins "http://localhost:$lb_port,http://127.0.0.1:$lb_port"
  done

  sed -e "s#@DIR@#$dir#g" -e "s#@PORT@#$lb_port#g" "$repo/deploy/local/nginx.conf" \
    | awk -v upstreams="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", upstreams; else print }' \
    >"$dir/nginx/nginx.conf"
  "$(nginx_bin)" -t -q -p "$dir/nginx" -c "$dir/nginx/nginx.conf"
  start nginx "$(nginx_bin)" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g "daemon off;"

  for i in $(seq 1 "$nodes"); do
    await_port "node-$i" $((node_port + i - 1))
  done
  await_port nginx "$lb_port"
  say "up: http://localhost:$lb_port/ -> $nodes nodes (ports $node_port..$((node_port + nodes - 1))), redis :$redis_port, dynalite :$dynamo_port"
  say "logs in $dir/logs; stop with: deploy/local/cluster.sh down"
}

status() {
  local file name any=""
  for file in "$dir"/pids/*.pid; do
    [ -e "$file" ] || continue
    any=1
    name="$(basename "$file" .pid)"
    if running "$name"; then
      say "$name running (pid $(cat "$file"))"
    else
      say "$name not running (stale pid $(cat "$file"))"
    fi
  done
  [ -n "$any" ] || say "nothing started from $dir"
}

# Stops one recorded process: SIGTERM (the chat nodes drain gracefully), then SIGKILL after 30 s.
stop() {
  local name="$1" file="$dir/pids/$1.pid" pid tries=0
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if running "$name"; then
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 300 ]; do
      sleep 0.1
      tries=$((tries + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name (pid $pid) did not stop; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
  say "$name stopped"
}

down() {
  local file
  stop nginx
  for file in "$dir"/pids/node-*.pid; do
    [ -e "$file" ] || continue
    stop "$(basename "$file" .pid)" &
  done
  wait
  stop dynalite
  stop redis
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
