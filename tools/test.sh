#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs every test.
# - tools/dynalite: the DynamoDB-compatible server the DynamoDB tests start (pinned, from the lockfile).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --prefix tools/dynalite --no-audit --no-fund --loglevel=error
./mvnw -B verify "$@"
