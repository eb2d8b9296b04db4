# Shared by the bench scripts (sourced, not run): stopping what they started, and finding a free port.
# shellcheck shell=bash

# Stops the given processes (children of this shell): SIGTERM to all, up to 20 s for them to exit (a server's
# graceful shutdown; a JVM writes its exit-time files, such as a perf map, then), then SIGKILL for any left,
# as a JVM out of heap may not manage to act on SIGTERM. Empty arguments are skipped.
stop_processes() {
  local pid alive
  for pid in "$@"; do [[ -n "$pid" ]] && { kill "$pid" 2>/dev/null || true; }; done
  for _ in $(seq 100); do
    alive=0
    for pid in "$@"; do [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.2
  done
  for pid in "$@"; do
    [[ -n "$pid" ]] || continue
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

# Prints a TCP port free on loopback right now (Node, which the README assumes).
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
