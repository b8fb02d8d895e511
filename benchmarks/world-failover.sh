#!/usr/bin/env bash
# The many-regions benchmark: starts the local world (three regions of two nodes,
# regional gateways, global gateway, health service, origin-mock) with emulated inter-region RTT
# on, then runs dev.geocdn.bench.world.WorldFailoverBenchmark against it: per-region hit latency
# through the global gateway, requests lost during a node kill and a region kill under load, and
# the time to fail over and back. Loopback only; every phase is bounded.
#
#   benchmarks/world-failover.sh [--rate=50] [--objects=200] [--warmup=20] [--steady=10] [--outage=6]
set -euo pipefail
cd "$(dirname "$0")/.."
for arg in "$@"; do
  case "$arg" in
    --rate=*|--objects=*|--steady=*|--outage=*|--warmup=*) ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done

. benchmarks/lib/world.sh
bench_world_start --emulate-latency=on

echo "# benchmarks/world-failover.sh $*  ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
bench_java dev.geocdn.bench.world.WorldFailoverBenchmark \
  --gateway=http://127.0.0.1:28080 --control=http://127.0.0.1:28083 --health=http://127.0.0.1:28082 "$@"
