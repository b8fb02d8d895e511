#!/usr/bin/env bash
# The purge benchmark: starts the local world (three regions of two nodes, Kafka, the
# invalidation service) with emulated inter-region RTT on, then runs
# dev.geocdn.bench.world.PurgeLatencyBenchmark against it: purge-to-applied latency p50/p99 per
# region, and strong purges per second with every live node's acknowledgement. Loopback only;
# every phase is bounded.
#
#   benchmarks/purge-latency.sh [--rate=20] [--warmup=200] [--purges=400] [--clients=8] [--throughput-seconds=10] [--raw=FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
for arg in "$@"; do
  case "$arg" in
    --rate=*|--warmup=*|--purges=*|--clients=*|--throughput-seconds=*|--raw=*) ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done

. benchmarks/lib/world.sh
bench_world_start --invalidation-port=28081 --admin-token=bench-token-0123456789 --emulate-latency=on

echo "# benchmarks/purge-latency.sh $*  ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
bench_java dev.geocdn.bench.world.PurgeLatencyBenchmark \
  --api=http://127.0.0.1:28081 --control=http://127.0.0.1:28083 --token=bench-token-0123456789 "$@"
