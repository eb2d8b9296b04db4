#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs every test.
# - redis-server (Debian package): the Redis tests start their own servers on free loopback ports.
# - tools/dynalite: the DynamoDB-compatible server the DynamoDB tests start (pinned, from the lockfile).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v redis-server >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
npm ci --prefix tools/dynalite --no-audit --no-fund --loglevel=error
./mvnw -B verify "$@"
