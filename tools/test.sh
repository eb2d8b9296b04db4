#!/usr/bin/env bash
# The README's test command: installs what the tests need, runs every test, then the bench smoke run.
# - redis-server and nginx (Debian packages): the Redis tests start their own servers on free loopback
#   ports; the local cluster test runs deploy/local/cluster.sh, which puts nginx in front of three nodes.
# - chromium and chromium-driver (Debian packages): the browser tests drive a headless /usr/bin/chromium
#   through /usr/bin/chromedriver (Selenium runs offline and never downloads a browser or driver).
# - faketime (Debian package): the chaos suite runs server nodes with clocks half a second off (libfaketime).
# - fonts-noto-color-emoji (Debian package): the browser tests' screenshots of reactions show the emoji.
# - tools/dynalite: the DynamoDB-compatible server the DynamoDB tests start (pinned, from the lockfile).
# - tools/cfn-lint: the CloudFormation validator the deploy tests run on every template (pinned, offline).
# - tools/axe: axe-core, which the browser tests inject into the chat page to check its accessibility (pinned).
# - tools/purgecss: PurgeCSS and Bootstrap (pinned), with which BootstrapSubsetTest checks the web UI's Bootstrap
#   subset (webui/src/main/vendor/bootstrap.subset.css) against the views and compares the page with all of it.
# - curl (Debian package): the bench smoke run waits for its server's /healthz with it.
# - prometheus (Debian package, brings promtool): MetricsTest has a real Prometheus scrape a node's /metrics;
#   MonitoringRulesTest runs `promtool test rules` on deploy/monitoring/alerts.yml. (On a machine with systemd the
#   package also starts a Prometheus service on port 9090; the tests start their own on free ports.)
# Maven builds two modules at a time where one does not need the other (-T 2): the adapters two by two, the longest
# first; chat-e2e beside chat-client, deploy and chat-cli (one after the other); chat-e2e-alone, whose suites measure
# time or run clusters under faults, last and on its own.
# After `./mvnw -B -T 2 verify` (arguments are passed on to it), `bench/run.sh smoke` runs on the jars verify built
# (BUILD=0): one server and 20 clients for 2 s, failing unless every message was delivered and acked and the
# report was written (its results go to a temporary folder, removed when it passes). Well under a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=""
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
ls /usr/lib/*/faketime/libfaketimeMT.so.1 >/dev/null 2>&1 || missing="$missing faketime"
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing="$missing fonts-noto-color-emoji"
{ command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; } || missing="$missing prometheus"
if [ -n "$missing" ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# The four tools install side by side (npm's cache takes concurrent writers); any one failing stops here.
installs=()
for tool in dynalite cfn-lint axe purgecss; do
  npm ci --prefix "tools/$tool" --no-audit --no-fund --loglevel=error &
  installs+=("$!")
done
for pid in "${installs[@]}"; do wait "$pid"; done
./mvnw -B -T 2 verify "$@"
# Its results stay under bench/results/<time>/ (not tracked), like every benchmark's: the path it prints is true.
BUILD=0 bench/run.sh smoke
