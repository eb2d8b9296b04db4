#!/usr/bin/env bash
# Runs the chaos suite's mixed run (ChaosTest#every_fault_mixed_loses_nothing: three nodes, Redis and dynalite
# under kill -9, SIGTERM, outages, cuts, slow readers and skewed clocks, all at once) N times, unattended, each on
# a fresh cluster with a seed of its own, and keeps what a failing run leaves: the test's output, every node's
# log, dynalite's log, and the thread dumps of every node that ChaosTest takes when a reader does not catch up.
#
#   tools/chaos-soak.sh [N] [-- extra Maven arguments]      N defaults to 30
#
# Writes to bench/results/chaos-soak-<UTC time>/: summary.txt (one line a run: its number, seed, pass or fail,
# seconds) and, for each failed run, run-<i>-seed-<seed>/. Builds once (offline, tests skipped), then runs the
# test class alone with Surefire for each run: about 45 s a run on a 2-core machine, so 30 runs take about 25
# minutes. Exits non-zero when a run failed. Needs what the README's test command installs (redis-server,
# faketime, tools/dynalite).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-30}
shift || true
[ "${1:-}" = "--" ] && shift
out="bench/results/chaos-soak-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

./mvnw -q -B -o install -DskipTests -Dfuzz.skip=true

passed=0
failed=0
for i in $(seq "$runs"); do
  seed=$(date +%s%3N)
  log="$out/run-$i.log"
  started=$(date +%s)
  # chat-e2e-alone runs the tests tagged alone (chat-e2e itself leaves them out, and would pass every run having
  # run nothing). A run counts as passed only if its one test ran and passed.
  if ./mvnw -B -o -pl chat-e2e-alone surefire:test -Dtest='ChaosTest#every_fault_mixed_loses_nothing' \
       -Dsurefire.failIfNoSpecifiedTests=false -Dchaos.seed="$seed" "$@" >"$log" 2>&1 \
     && grep -q 'Tests run: 1, Failures: 0, Errors: 0, Skipped: 0' "$log"; then
    result=passed
    passed=$((passed + 1))
    rm -f "$log"
  else
    result=FAILED
    failed=$((failed + 1))
    keep="$out/run-$i-seed-$seed"
    mkdir -p "$keep"
    mv "$log" "$keep/maven.log"
    cp -r chat-e2e-alone/target/chaos "$keep/" 2>/dev/null || true
    cp chat-e2e-alone/target/surefire-reports/dev.chat.app.e2e.ChaosTest* "$keep/" 2>/dev/null || true
  fi
  line="run $i seed $seed: $result in $(( $(date +%s) - started )) s"
  echo "$line" | tee -a "$out/summary.txt"
done
echo "$passed passed, $failed failed of $runs (seeds and times in $out/summary.txt)" | tee -a "$out/summary.txt"
[ "$failed" -eq 0 ]
