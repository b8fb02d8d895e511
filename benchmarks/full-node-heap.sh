#!/usr/bin/env bash
# A node holding gigabytes of bodies keeps a small heap: the node runs with -Xmx256m and
# --cdn.cache.max-bytes=2GB (bodies off the heap), is measured empty (1 KiB hits under wrk),
# filled with --objects bodies of --size, then measured again; reports heap and off-heap use
# and the p99 of both runs.
#
#   benchmarks/full-node-heap.sh [--objects=2000] [--size=1m] [--duration=10s]
set -euo pipefail
cd "$(dirname "$0")/.."
objects=2000
size=1m
duration=10s
for arg in "$@"; do
  case "$arg" in
    --objects=*) objects=${arg#*=} ;;
    --size=*) size=${arg#*=} ;;
    --duration=*) duration=${arg#*=} ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done

. benchmarks/lib/servers.sh
bench_require
BENCH_JAVA_OPTS=(--enable-native-access=ALL-UNNAMED -Xms256m -Xmx256m -XX:MaxDirectMemorySize=3g)
bench_start_origin
NODE_MAX_BYTES=2GB bench_start_node --cdn.cache.max-object-size=8MB

metric() { # name [label filter]
  curl -s "http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus" \
    | awk -v n="$1" -v f="${2:-}" '(index($1, n"{") == 1 || $1 == n) && index($0, f) {s+=$NF} END {printf "%.0f\n", s}'
}
hit_url="http://127.0.0.1:$NODE_PORT/objects/hot?size=1k&cc=max-age%3D3600"
p99() {
  curl -s -o /dev/null "$hit_url"; curl -s -o /dev/null "$hit_url"
  taskset -c 1 wrk -t1 -c64 -d"$duration" --latency "$hit_url" \
    | awk '/Requests\/sec/ {r=$2} $1=="99%" {p=$2} END {print r, p}'
}

taskset -c 1 wrk -t1 -c64 -d5s "$hit_url" >/dev/null   # JIT warm-up
read -r empty_rps empty_p99 < <(p99)

start=$(date +%s)
seq 1 "$objects" | xargs -P 4 -I{} curl -s -o /dev/null \
  "http://127.0.0.1:$NODE_PORT/objects/fill-{}?size=$size&cc=max-age%3D3600"
fill_seconds=$(( $(date +%s) - start ))

read -r full_rps full_p99 < <(p99)
# heap in use after a full collection, so that the figure is what the cache holds, not garbage
jcmd_pid=$(pgrep -f "server.port=$NODE_PORT" | head -1)
"$JAVA_HOME/bin/jcmd" "$jcmd_pid" GC.run >/dev/null
heap_used=$(metric jvm_memory_used_bytes 'area="heap"')
heap_max=$(metric jvm_memory_max_bytes 'area="heap"')
offheap=$(metric geocdn_cache_offheap_allocated_bytes)
stored=$(metric geocdn_cache_stored_bytes)
objects_stored=$(metric geocdn_cache_objects)

echo "| state | stored bytes | objects | off-heap bytes | heap used / max | 1 KiB hits req/s | p99 |"
echo "|---|---|---|---|---|---|---|"
echo "| empty | - | - | - | - | $empty_rps | $empty_p99 |"
echo "| filled ($objects x $size in ${fill_seconds}s) | $stored | $objects_stored | $offheap | $heap_used / $heap_max | $full_rps | $full_p99 |"
