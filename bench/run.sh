#!/usr/bin/env bash
# Benchmarks Samsa against Apache Kafka on this machine (see README.md, "Benchmarks").
# Usage: bench/run.sh [--quick|--full] [--workloads W1,W2,W3,W4,W5,W6,JMH] [other samsa-bench options]
# Builds Samsa's distribution and the samsa-bench module (Maven profile "bench", which resolves Kafka's broker
# and tools jars), then runs the harness. Set SAMSA_BENCH_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
if [ "${SAMSA_BENCH_SKIP_BUILD:-0}" != "1" ]; then
  mvn -B -q -P bench -pl samsa-server,samsa-bench -am package -DskipTests
fi
exec java -jar samsa-bench/target/samsa-bench.jar "$@"
