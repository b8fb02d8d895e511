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

. benchmarks/lib/servers.sh
bench_require
bench_start_origin
bench_start_node
node_port=$NODE_PORT

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
