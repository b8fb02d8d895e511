#!/usr/bin/env bash
# Hit throughput and latency of one cache node for small objects, under wrk, on loopback.
#
#   benchmarks/node-hit-throughput.sh [--size=1k] [--duration=15s] [--connections="64 256"]
#
# Starts origin-mock and one node (pinned to CPU 0; wrk runs one thread pinned to CPU 1),
# warms the object and the JIT, then runs wrk once per connection count and prints a
# Markdown table of requests/s and p50/p99 latency. Bounded in time: about 1 min by default.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
geocdn_pick_jdk

size=1k
duration=15s
connections="64 256"
for arg in "$@"; do
  case "$arg" in
    --size=*) size=${arg#*=} ;;
    --duration=*) duration=${arg#*=} ;;
    --connections=*) connections=${arg#*=} ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; else
    echo "wrk is required: apt-get install wrk" >&2; exit 1; fi
fi
node_jar=cache-node-service/target/cache-node-service-0.1.0-SNAPSHOT.jar
origin_jar=origin-mock/target/origin-mock-0.1.0-SNAPSHOT-exec.jar
[ -f "$node_jar" ] && [ -f "$origin_jar" ] || ./mvnw -B -q -DskipTests package

origin_port=19000 node_port=18090 management_port=19090
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

java_opts=(--enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+AlwaysPreTouch)
# extra JVM flags for the node only, e.g. NODE_JAVA_OPTS="-Xlog:gc:file=/tmp/gc.log"
read -r -a node_opts <<<"${NODE_JAVA_OPTS:-}"
taskset -c 1 "$JAVA_HOME/bin/java" "${java_opts[@]}" -jar "$origin_jar" --port=$origin_port >"$work/origin.log" 2>&1 &
pids+=($!)
taskset -c 0 "$JAVA_HOME/bin/java" "${java_opts[@]}" "${node_opts[@]}" -jar "$node_jar" \
  --server.port=$node_port --management.server.port=$management_port \
  --cdn.origin.url=http://127.0.0.1:$origin_port --cdn.region=bench --cdn.node-id=bench-1 \
  --cdn.cache.max-bytes=256MB --logging.level.root=WARN >"$work/node.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$management_port/actuator/health" >/dev/null 2>&1 && break
  sleep 0.5
done

url="http://127.0.0.1:$node_port/objects/bench?size=$size&cc=max-age%3D3600"
status=$(curl -s -o /dev/null -D - "$url" | tr -d '\r' | grep -i '^cache-status' || true)
status=$(curl -s -o /dev/null -D - "$url" | tr -d '\r' | grep -i '^cache-status' || true)
case "$status" in *"; hit"*) ;; *) echo "object is not a hit: $status" >&2; exit 1 ;; esac

# JIT warm-up
taskset -c 1 wrk -t1 -c64 -d10s "$url" >/dev/null

echo "| object | connections | requests/s | p50 | p99 |"
echo "|---|---|---|---|---|"
for c in $connections; do
  out=$(taskset -c 1 wrk -t1 -c"$c" -d"$duration" --latency "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)
  echo "| $size | $c | $rps | $p50 | $p99 |"
  [ -z "$errors" ] || echo "<!-- $errors -->"
done
