#!/usr/bin/env bash
# The many-regions benchmark (issue 4): starts the local world (three regions of two nodes,
# regional gateways, global gateway, health service, origin-mock) with emulated inter-region RTT
# on, then runs dev.geocdn.bench.world.WorldFailoverBenchmark against it: per-region hit latency
# through the global gateway, requests lost during a node kill and a region kill under load, and
# the time to fail over and back. Loopback only; every phase is bounded.
#
#   benchmarks/world-failover.sh [--rate=50] [--objects=200] [--warmup=20] [--steady=10] [--outage=6]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
geocdn_pick_jdk

WORLD_JAR=local-cluster/target/local-cluster-0.1.0-SNAPSHOT-exec.jar
if [ ! -f "$WORLD_JAR" ] || [ ! -f benchmarks/target/benchmarks.jar ]; then
  ./mvnw -B -q -DskipTests package
fi
for arg in "$@"; do
  case "$arg" in
    --rate=*|--objects=*|--steady=*|--outage=*|--warmup=*) ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d)
"$JAVA_HOME/bin/java" -Xmx1g -XX:MaxDirectMemorySize=2g --enable-native-access=ALL-UNNAMED -jar "$WORLD_JAR" \
  --gateway-port=28080 --health-port=28082 --dns-port=28053 --control-port=28083 --origin-port=29000 \
  --regional-port=28090 --node-port=28101 --emulate-latency=on >"$WORK/world.log" 2>&1 &
WORLD_PID=$!
trap 'kill $WORLD_PID 2>/dev/null || true; wait $WORLD_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT INT TERM

for _ in $(seq 1 240); do
  body=$(curl -fs http://127.0.0.1:28082/v1/regions 2>/dev/null || true)
  if [ -n "$body" ] && ! grep -q '"DOWN"' <<<"$body" && curl -fs http://127.0.0.1:28083/v1/world >/dev/null 2>&1; then
    break
  fi
  kill -0 $WORLD_PID 2>/dev/null || { cat "$WORK/world.log" >&2; exit 1; }
  sleep 0.5
done

echo "# benchmarks/world-failover.sh $*  ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
"$JAVA_HOME/bin/java" -Xmx256m -cp benchmarks/target/benchmarks.jar dev.geocdn.bench.world.WorldFailoverBenchmark \
  --gateway=http://127.0.0.1:28080 --control=http://127.0.0.1:28083 --health=http://127.0.0.1:28082 "$@"
