#!/usr/bin/env bash
# Hits of one GeoCDN node against nginx proxy_cache, side by side in one run, interleaved.
#
#   benchmarks/hit-vs-nginx.sh [--sizes="1k 64k 1m"] [--connections="64 256"] [--rounds=2]
#                              [--duration=10s] [--open-load=0.5] [--warmup=30s]
#
# Both servers get CPU 0 (nginx: one worker; the node: one event loop per available core, so
# one), origin-mock and the load generator (one thread) get CPU 1. Each object is requested until
# it is a hit on both, both are warmed (--warmup of load on each), then for every size and
# connection count the runs alternate node, nginx, node, nginx...
#
# Three measurements per size and connection count, each reported as medians and ratios:
#   closed loop, wrk:     requests/s (the tool behind the target's reference figures) and p99;
#                         `busy` is wrk's mean latency x requests / (connections x duration), at
#                         most 1.0 when its latencies are sound; runs above 1.05 are marked.
#   closed loop, hitload: requests/s and p99 from benchmarks/loadgen/hitload.c, which checks
#                         itself the same way;
#   open loop, hitload:   both servers get the same fixed rate, --open-load x nginx's closed-loop
#                         requests/s, and latency counts from when each request was due (no
#                         coordinated omission): the latency comparison at equal work.
# Every single run is printed on standard error as it ends. Loopback only; bounded:
# rounds x sizes x connections x 6 runs of --duration, plus the warm-up.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="1k 64k 1m"
connections="64 256"
rounds=2
duration=10s
open_load=0.5
warmup=30s
for arg in "$@"; do
  case "$arg" in
    --sizes=*) sizes=${arg#*=} ;;
    --connections=*) connections=${arg#*=} ;;
    --rounds=*) rounds=${arg#*=} ;;
    --duration=*) duration=${arg#*=} ;;
    --open-load=*) open_load=${arg#*=} ;;
    --warmup=*) warmup=${arg#*=} ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done
seconds=${duration%s}
case "$seconds" in ''|*[!0-9]*) echo "--duration takes whole seconds, like 10s" >&2; exit 2 ;; esac
case "$rounds" in ''|*[!0-9]*|0) echo "--rounds takes a positive number" >&2; exit 2 ;; esac
awk -v l="$open_load" 'BEGIN {exit !(l > 0 && l <= 1)}' || { echo "--open-load takes a fraction in (0, 1]" >&2; exit 2; }

. benchmarks/lib/servers.sh
bench_require nginx
bench_build_hitload
bench_start_origin
bench_start_node
bench_start_nginx
node_port=$NODE_PORT nginx_port=$NGINX_PORT

path_for() { echo "/objects/bench-$1?size=$1&cc=max-age%3D3600"; }
url_for() { echo "http://127.0.0.1:$1$(path_for "$2")"; }
for size in $sizes; do
  for port in $node_port $nginx_port; do
    for _ in 1 2 3; do curl -s -o /dev/null "$(url_for $port "$size")"; done
  done
  node_status=$(curl -s -o /dev/null -D - "$(url_for $node_port "$size")" | tr -d '\r' | grep -i '^cache-status' || true)
  nginx_status=$(curl -s -o /dev/null -D - "$(url_for $nginx_port "$size")" | tr -d '\r' | grep -i '^x-cache' || true)
  case "$node_status" in *"; hit"*) ;; *) echo "node: $size is not a hit: $node_status" >&2; exit 1 ;; esac
  case "$nginx_status" in *HIT*) ;; *) echo "nginx: $size is not a hit: $nginx_status" >&2; exit 1 ;; esac
done

to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$1"; }
run_wrk() { # port size connections -> "rps p99_ms busy"
  local out avg
  out=$(taskset -c 1 wrk -t1 -c"$3" -d"$duration" --latency "$(url_for "$1" "$2")")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then echo "errors in run: $(grep -E 'Non-2xx|Socket errors' <<<"$out")" >&2; fi
  avg=$(to_ms "$(awk '$1=="Latency" {print $2}' <<<"$out")")
  awk -v avg="$avg" -v c="$3" '/requests in/ {n=$1; t=$4; sub(/s,?$/,"",t)} /Requests\/sec/ {rps=$2} $1=="99%" {p=$2}
    END {print rps, p, avg * n / (c * t * 1000)}' <<<"$out" | { read -r rps p busy; echo "$rps $(to_ms "$p") $busy"; }
}
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1==k {print $2}'; }
run_hitload() { # port size connections [rate] -> "rps p50 p99 p999 busy"
  local out rate_flag=()
  [ -n "${4:-}" ] && rate_flag=(-r "$4")
  out=$(taskset -c 1 "$HITLOAD" -p "$1" -u "$(path_for "$2")" -c "$3" -d "$seconds" "${rate_flag[@]}")
  if [ "$(field "$out" errors)" != 0 ] || [ "$(field "$out" still_due)" != 0 ]; then echo "in run: $out" >&2; fi
  echo "$(field "$out" rps) $(field "$out" p50) $(field "$out" p99) $(field "$out" p999) $(field "$out" busy)"
}
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
col() { printf '%s\n' "$@" | awk -v i="$COL" '{print $i}' | median; } # median of column COL of the rows given

# warm the JIT of the node and nginx's page cache with the first size, both connection counts
first=${sizes%% *}
for c in $connections; do
  taskset -c 1 wrk -t1 -c"$c" -d"$warmup" "$(url_for $node_port "$first")" >/dev/null
  taskset -c 1 wrk -t1 -c"$c" -d"$warmup" "$(url_for $nginx_port "$first")" >/dev/null
done

closed=() open=()
for size in $sizes; do
  for c in $connections; do
    wn=() wx=() hn=() hx=() on=() ox=()
    for _ in $(seq 1 "$rounds"); do
      wn+=("$(run_wrk $node_port "$size" "$c")"); echo "# $size c=$c wrk node: ${wn[-1]}" >&2
      wx+=("$(run_wrk $nginx_port "$size" "$c")"); echo "# $size c=$c wrk nginx: ${wx[-1]}" >&2
      hn+=("$(run_hitload $node_port "$size" "$c")"); echo "# $size c=$c hitload node: ${hn[-1]}" >&2
      hx+=("$(run_hitload $nginx_port "$size" "$c")"); echo "# $size c=$c hitload nginx: ${hx[-1]}" >&2
    done
    rate=$(COL=1 col "${hx[@]}" | awk -v l="$open_load" '{printf "%d", $1 * l}')
    for _ in $(seq 1 "$rounds"); do
      on+=("$(run_hitload $node_port "$size" "$c" "$rate")"); echo "# $size c=$c open $rate/s node: ${on[-1]}" >&2
      ox+=("$(run_hitload $nginx_port "$size" "$c" "$rate")"); echo "# $size c=$c open $rate/s nginx: ${ox[-1]}" >&2
    done
    wbusy=$(printf '%s\n' "${wn[@]}" "${wx[@]}" | awk '$3 > 1.05 {n++} END {print n+0}')
    closed+=("$(awk -v s="$size" -v c="$c" -v nr="$(COL=1 col "${wn[@]}")" -v xr="$(COL=1 col "${wx[@]}")" \
      -v np="$(COL=2 col "${wn[@]}")" -v xp="$(COL=2 col "${wx[@]}")" -v bad="$wbusy" \
      'BEGIN {printf "| %s | %s | wrk | %.0f | %.0f | %.2fx | %.2f | %.2f | %.2fx%s |", s, c, nr, xr, nr/xr, np, xp, np/xp, bad ? " (" bad " runs with busy > 1.05)" : ""}')")
    closed+=("$(awk -v s="$size" -v c="$c" -v nr="$(COL=1 col "${hn[@]}")" -v xr="$(COL=1 col "${hx[@]}")" \
      -v np="$(COL=3 col "${hn[@]}")" -v xp="$(COL=3 col "${hx[@]}")" \
      'BEGIN {printf "| %s | %s | hitload | %.0f | %.0f | %.2fx | %.2f | %.2f | %.2fx |", s, c, nr, xr, nr/xr, np, xp, np/xp}')")
    open+=("$(awk -v s="$size" -v c="$c" -v r="$rate" \
      -v n50="$(COL=2 col "${on[@]}")" -v n99="$(COL=3 col "${on[@]}")" -v n999="$(COL=4 col "${on[@]}")" \
      -v x50="$(COL=2 col "${ox[@]}")" -v x99="$(COL=3 col "${ox[@]}")" -v x999="$(COL=4 col "${ox[@]}")" \
      'BEGIN {printf "| %s | %s | %s | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f | %.2fx |", s, c, r, n50, n99, n999, x50, x99, x999, n99/x99}')")
  done
done

echo "Closed loop (each connection sends its next request when the last response is complete):"
echo
echo "| object | connections | tool | node req/s | nginx req/s | ratio | node p99 ms | nginx p99 ms | p99 ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${closed[@]}"
echo
echo "Open loop (hitload, the same fixed rate for both; latency from when each request was due):"
echo
echo "| object | connections | req/s offered | node p50 / p99 / p99.9 ms | nginx p50 / p99 / p99.9 ms | p99 ratio |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${open[@]}"
