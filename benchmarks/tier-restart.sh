#!/usr/bin/env bash
# A node restarted under a Zipf workload, with the Redis tier and its hot-set pre-load, with the
# tier alone, and without it: starts the local world (--redis=on with the nodes' popularity record
# written every 10 s and cdn.tier.redis.popularity.preload=2000, --redis=on, then --redis=off),
# warms node us-west-1 with the workload, restarts it through the control API, and reports the
# hit ratio and the origin requests in each interval of the first minute after the restart
# (dev.geocdn.bench.tier.TierRestartBenchmark). Loopback only; every phase is bounded.
#
#   benchmarks/tier-restart.sh [--objects=10000] [--zipf=1.0] [--rate=400] [--warm=60] [--measure=60]
set -euo pipefail
cd "$(dirname "$0")/.."
for arg in "$@"; do
  case "$arg" in
    --objects=*|--zipf=*|--rate=*|--warm=*|--measure=*|--interval=*) ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || { echo "needs redis-server (apt-get install redis-server)" >&2; exit 1; }

. benchmarks/lib/world.sh
echo "# benchmarks/tier-restart.sh $*  ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
echo "| tier | after the restart | requests | hits | from the tier | failed |"
echo "|---|---|---|---|---|---|"
for variant in preload on off; do
  if [ "$variant" = preload ]; then
    WORLD_JAVA_OPTS="-Dcdn.tier.redis.popularity.preload=2000 -Dcdn.tier.redis.popularity.interval=10s"
  else
    WORLD_JAVA_OPTS=""
  fi
  bench_world_start --redis=$([ "$variant" = off ] && echo off || echo on) --max-bytes=256MB
  bench_java dev.geocdn.bench.tier.TierRestartBenchmark --label="$([ "$variant" = preload ] && echo "on, pre-load 2000" || echo "$variant")" "$@"
  kill "$WORLD_PID"; wait "$WORLD_PID" 2>/dev/null || true
done
