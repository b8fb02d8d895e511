#!/usr/bin/env bash
# Hits of one GeoCDN node against nginx proxy_cache, side by side in one run, interleaved.
#
#   benchmarks/hit-vs-nginx.sh [--sizes="1k 64k 1m"] [--connections="64 256"] [--rounds=2] [--duration=10s]
#
# Both servers get CPU 0 (nginx: one worker; the node: one event loop per available core, so
# one), origin-mock and wrk (one thread) get CPU 1. Each object is requested until it is a hit
# on both, both are warmed, then for every size and connection count the runs alternate
# node, nginx, node, nginx... Reports the median requests/s and p99 of each and the ratios.
# Loopback only; bounded: rounds x sizes x connections x 2 runs of --duration.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="1k 64k 1m"
connections="64 256"
rounds=2
duration=10s
for arg in "$@"; do
  case "$arg" in
    --sizes=*) sizes=${arg#*=} ;;
    --connections=*) connections=${arg#*=} ;;
    --rounds=*) rounds=${arg#*=} ;;
    --duration=*) duration=${arg#*=} ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done

. benchmarks/lib/servers.sh
bench_require nginx
bench_start_origin
bench_start_node
bench_start_nginx
node_port=$NODE_PORT nginx_port=$NGINX_PORT

url_for() { echo "http://127.0.0.1:$1/objects/bench-$2?size=$2&cc=max-age%3D3600"; }
for size in $sizes; do
  for port in $node_port $nginx_port; do
    for _ in 1 2 3; do curl -s -o /dev/null "$(url_for $port "$size")"; done
  done
  node_status=$(curl -s -o /dev/null -D - "$(url_for $node_port "$size")" | tr -d '\r' | grep -i '^cache-status' || true)
  nginx_status=$(curl -s -o /dev/null -D - "$(url_for $nginx_port "$size")" | tr -d '\r' | grep -i '^x-cache' || true)
  case "$node_status" in *"; hit"*) ;; *) echo "node: $size is not a hit: $node_status" >&2; exit 1 ;; esac
  case "$nginx_status" in *HIT*) ;; *) echo "nginx: $size is not a hit: $nginx_status" >&2; exit 1 ;; esac
done

run_wrk() { # port size connections -> "rps p99_ms"
  local out
  out=$(taskset -c 1 wrk -t1 -c"$3" -d"$duration" --latency "$(url_for "$1" "$2")")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then echo "errors in run: $(grep -E 'Non-2xx|Socket errors' <<<"$out")" >&2; fi
  awk '/Requests\/sec/ {rps=$2} $1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v} END {print rps, p99}' <<<"$out"
}
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# warm the JIT of the node and nginx's page cache
run_wrk $node_port "${sizes%% *}" 64 >/dev/null
run_wrk $nginx_port "${sizes%% *}" 64 >/dev/null

echo "| object | connections | node req/s | nginx req/s | ratio | node p99 ms | nginx p99 ms | p99 ratio |"
echo "|---|---|---|---|---|---|---|---|"
for size in $sizes; do
  for c in $connections; do
    node_rps=() nginx_rps=() node_p99=() nginx_p99=()
    for _ in $(seq 1 "$rounds"); do
      read -r r p < <(run_wrk $node_port "$size" "$c"); node_rps+=("$r"); node_p99+=("$p")
      read -r r p < <(run_wrk $nginx_port "$size" "$c"); nginx_rps+=("$r"); nginx_p99+=("$p")
    done
    nr=$(printf '%s\n' "${node_rps[@]}" | median); xr=$(printf '%s\n' "${nginx_rps[@]}" | median)
    np=$(printf '%s\n' "${node_p99[@]}" | median); xp=$(printf '%s\n' "${nginx_p99[@]}" | median)
    awk -v s="$size" -v c="$c" -v nr="$nr" -v xr="$xr" -v np="$np" -v xp="$xp" \
      'BEGIN {printf "| %s | %s | %.0f | %.0f | %.2fx | %.2f | %.2f | %.2fx |\n", s, c, nr, xr, nr/xr, np, xp, np/xp}'
  done
done
