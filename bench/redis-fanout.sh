#!/usr/bin/env bash
# Cross-node delivery through Redis: events/s one node publishes to another and the latency Redis adds over
# the in-process fan-out. Starts its own redis-server (Debian package redis-server) on a free loopback port,
# prints a Markdown table, asserts nothing. Results and the machine they were taken on: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl chat-core,chat-adapters-redis -am install -DskipTests
./mvnw -q -B -pl chat-adapters-redis test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/redis-bench.classpath -Dmdep.includeScope=test
exec java -Xmx1g -cp "chat-adapters-redis/target/test-classes:chat-adapters-redis/target/classes:$(cat chat-adapters-redis/target/redis-bench.classpath)" \
  dev.chat.adapters.redis.RedisFanoutBenchmark
