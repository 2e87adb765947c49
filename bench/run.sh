#!/usr/bin/env bash
# Benchmarks Samsa against Apache Kafka 4.1.1 on this machine (see README.md, "Benchmarks").
# Usage: bench/run.sh [--quick|--full] [--workloads W1,W2,W3,W4,W5,W6,W7,FAILOVER,W8,COMPACT,JMH] [--cold-only] [...]
#        bench/run.sh --help     every option, what each workload does and how long it takes
# Every workload is measured cold (fresh broker processes) and then warm (again on the same processes, new
# topics) unless --cold-only is given. W7 and FAILOVER run three-broker clusters of each kind on this machine.
# COMPACT (log compaction) starts both brokers with log.cleaner.backoff.ms=1000 (BrokerSettings#brokerConfigs).
# Builds Samsa's distribution and the samsa-bench module (Maven profile "bench", which resolves Kafka's broker
# and tools jars), then runs the harness. Set SAMSA_BENCH_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
if [ "${SAMSA_BENCH_SKIP_BUILD:-0}" != "1" ]; then
  mvn -B -q -P bench -pl samsa-server,samsa-bench -am package -DskipTests
fi
exec java -jar samsa-bench/target/samsa-bench.jar "$@"
