#!/usr/bin/env bash
# The data path against nginx, side by side in one run, interleaved, as ratios:
#   gateway: a regional gateway in front of one node, and the global entry gateway (placing
#            clients by address) in front of that regional gateway, against nginx as a plain
#            reverse proxy (upstream keepalive pool) in front of the same node;
#   node:    the node's hits against nginx proxy_cache in front of the same origin.
# nginx is tuned as its users tune it (benchmarks/lib/servers.sh: one worker per core given,
# open_file_cache, no access log, sendfile off, tcp_nodelay, reuseport, keepalive pools).
#
#   benchmarks/data-path-vs-nginx.sh [--parts="gateway node"] [--placements="pinned unpinned"]
#       [--sizes="1k 64k 1m"] [--connections="64 256"] [--gateway-connections="1 64 256"]
#       [--rounds=2] [--duration=5s] [--open-loads="0.5 0.8"] [--warmup=15s]
#
# Placements: pinned puts the servers under test on CPU 0 and the load generator, origin-mock,
# the node behind a proxy and the regional gateway behind the global one on CPU 1; unpinned lets
# every process use both CPUs. Servers are
# started afresh for each placement, so the JVMs size themselves for the CPUs they get.
# Per size and connection count: closed loop with wrk (-t1) and with hitload (which checks its
# own latencies: `busy` at most 1.0), every server once per round, rounds alternating; then open
# loop with hitload at each --open-loads fraction of nginx's closed-loop rate, the same rate for
# every server, latency counted from when each request was due (not at one connection, which
# measures the latency a hop adds). Medians of the rounds; ratios
# are server / nginx (req/s: above 1 is faster; latency: below 1 is better). Every single run is
# printed on standard error as it ends. Loopback only; bounded by the runs' durations.
set -euo pipefail
cd "$(dirname "$0")/.."
parts="gateway node" placements="pinned unpinned" sizes="1k 64k 1m" connections="64 256"
gateway_connections="1 64 256" rounds=2 duration=5s open_loads="0.5 0.8" warmup=15s
for arg in "$@"; do
  case "$arg" in
    --parts=*) parts=${arg#*=} ;;
    --placements=*) placements=${arg#*=} ;;
    --sizes=*) sizes=${arg#*=} ;;
    --connections=*) connections=${arg#*=} ;;
    --gateway-connections=*) gateway_connections=${arg#*=} ;;
    --rounds=*) rounds=${arg#*=} ;;
    --duration=*) duration=${arg#*=} ;;
    --open-loads=*) open_loads=${arg#*=} ;;
    --warmup=*) warmup=${arg#*=} ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done
seconds=${duration%s}
case "$seconds" in ''|*[!0-9]*) echo "--duration takes whole seconds, like 5s" >&2; exit 2 ;; esac
case "$rounds" in ''|*[!0-9]*|0) echo "--rounds takes a positive number" >&2; exit 2 ;; esac
for l in $open_loads; do
  awk -v l="$l" 'BEGIN {exit !(l > 0 && l <= 1)}' || { echo "--open-loads takes fractions in (0, 1]" >&2; exit 2; }
done
for p in $parts; do case "$p" in gateway|node) ;; *) echo "--parts takes gateway and/or node" >&2; exit 2 ;; esac; done
for p in $placements; do case "$p" in pinned|unpinned) ;; *) echo "--placements takes pinned and/or unpinned" >&2; exit 2 ;; esac; done

. benchmarks/lib/servers.sh
bench_require nginx
bench_build_hitload
GATEWAY_PORT=18070 GATEWAY_MANAGEMENT=19070 GLOBAL_PORT=18071 GLOBAL_MANAGEMENT=19071 PROXY_PORT=18060
BEHIND_GLOBAL_PORT=18072 BEHIND_GLOBAL_MANAGEMENT=19072

path_for() { echo "/objects/bench-$1?size=$1&cc=max-age%3D3600"; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$1"; }
run_wrk() { # port size connections -> "rps p99_ms"
  local out
  out=$(taskset -c "$LOAD_CPUS" wrk -t1 -c"$3" -d"$duration" --latency "http://127.0.0.1:$1$(path_for "$2")")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then echo "errors in run: $(grep -E 'Non-2xx|Socket errors' <<<"$out")" >&2; fi
  awk '/Requests\/sec/ {rps=$2} $1=="99%" {p=$2} END {print rps, p}' <<<"$out" | { read -r rps p; echo "$rps $(to_ms "$p")"; }
}
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1==k {print $2}'; }
run_hitload() { # port size connections [rate] -> "rps p50 p99 p999 busy"
  local out rate_flag=()
  [ -n "${4:-}" ] && rate_flag=(-r "$4")
  out=$(taskset -c "$LOAD_CPUS" "$HITLOAD" -p "$1" -u "$(path_for "$2")" -c "$3" -d "$seconds" "${rate_flag[@]}")
  if [ "$(field "$out" errors)" != 0 ] || [ "$(field "$out" still_due)" != 0 ]; then echo "in run: $out" >&2; fi
  echo "$(field "$out" rps) $(field "$out" p50) $(field "$out" p99) $(field "$out" p999) $(field "$out" busy)"
}
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v i="$1" '{print $i}' "$2" | median; } # median of column $1 of file $2

# every object a hit on every server before anything is measured
warm_objects() { # size ports...
  local size=$1; shift
  for port in "$@"; do
    for _ in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$port$(path_for "$size")"; done
    curl -s -o /dev/null -D - "http://127.0.0.1:$port$(path_for "$size")" | tr -d '\r' \
      | grep -qiE '^(cache-status:.*; hit|x-cache: HIT)' || { echo "port $port: $size is not a hit" >&2; exit 1; }
  done
}

CLOSED=() OPEN=()
# compare PART PLACEMENT SIZE CONNECTIONS ANCHOR=PORT NAME=PORT...: rounds interleaved, then rows
compare() {
  local part=$1 placement=$2 size=$3 c=$4; shift 4
  local anchor=${1%%=*} servers=("$@") runs="$BENCH_WORK/runs" s name port
  rm -rf "$runs"; mkdir -p "$runs"
  for _ in $(seq 1 "$rounds"); do
    for s in "${servers[@]}"; do
      name=${s%%=*} port=${s#*=}
      run_wrk "$port" "$size" "$c" >>"$runs/wrk-$name"; echo "# $part $placement $size c=$c wrk $name: $(tail -1 "$runs/wrk-$name")" >&2
      run_hitload "$port" "$size" "$c" >>"$runs/hl-$name"; echo "# $part $placement $size c=$c hitload $name: $(tail -1 "$runs/hl-$name")" >&2
    done
  done
  local base_wrk base_p99 base_hl base_hp99
  base_wrk=$(col 1 "$runs/wrk-$anchor") base_p99=$(col 2 "$runs/wrk-$anchor")
  base_hl=$(col 1 "$runs/hl-$anchor") base_hp99=$(col 3 "$runs/hl-$anchor")
  for s in "${servers[@]}"; do
    name=${s%%=*}
    CLOSED+=("$(awk -v pa="$part" -v pl="$placement" -v sz="$size" -v c="$c" -v n="$name" \
      -v w="$(col 1 "$runs/wrk-$name")" -v wp="$(col 2 "$runs/wrk-$name")" -v h="$(col 1 "$runs/hl-$name")" \
      -v hp="$(col 3 "$runs/hl-$name")" -v bw="$base_wrk" -v bwp="$base_p99" -v bh="$base_hl" -v bhp="$base_hp99" \
      'BEGIN {printf "| %s | %s | %s | %s | %s | %.0f | %.2fx | %.2f | %.2fx | %.0f | %.2fx | %.2f | %.2fx |", pa, pl, sz, c, n, w, w/bw, wp, wp/bwp, h, h/bh, hp, hp/bhp}')")
  done
  # one connection is the added-latency measurement: an open loop on it only queues behind itself
  [ "$c" -gt 1 ] || return 0
  for load in $open_loads; do
    local rate
    rate=$(awk -v r="$base_hl" -v l="$load" 'BEGIN {printf "%d", r * l}')
    for _ in $(seq 1 "$rounds"); do
      for s in "${servers[@]}"; do
        name=${s%%=*} port=${s#*=}
        run_hitload "$port" "$size" "$c" "$rate" >>"$runs/open-$load-$name"
        echo "# $part $placement $size c=$c open $rate/s $name: $(tail -1 "$runs/open-$load-$name")" >&2
      done
    done
    local b99 b999
    b99=$(col 3 "$runs/open-$load-$anchor") b999=$(col 4 "$runs/open-$load-$anchor")
    for s in "${servers[@]}"; do
      name=${s%%=*}
      OPEN+=("$(awk -v pa="$part" -v pl="$placement" -v sz="$size" -v c="$c" -v n="$name" -v l="$load" -v r="$rate" \
        -v p50="$(col 2 "$runs/open-$load-$name")" -v p99="$(col 3 "$runs/open-$load-$name")" \
        -v p999="$(col 4 "$runs/open-$load-$name")" -v b99="$b99" -v b999="$b999" \
        'BEGIN {printf "| %s | %s | %s | %s | %s x nginx = %s/s | %s | %.2f / %.2f / %.2f | %.2fx | %.2fx |", pa, pl, sz, c, l, r, n, p50, p99, p999, p99/b99, p999/b999}')")
    done
  done
}

warm_load() { # port size
  for c in 64 256; do taskset -c "$LOAD_CPUS" wrk -t1 -c$c -d"$warmup" "http://127.0.0.1:$1$(path_for "$2")" >/dev/null; done
}

for placement in $placements; do
  if [ "$placement" = pinned ]; then SERVER_CPUS=0 SIDE_CPUS=1 LOAD_CPUS=1; else SERVER_CPUS=0,1 SIDE_CPUS=0,1 LOAD_CPUS=0,1; fi
  for part in $parts; do
    bench_start_origin
    if [ "$part" = node ]; then
      bench_start_node
      bench_start_nginx
      for size in $sizes; do warm_objects "$size" "$NODE_PORT" "$NGINX_PORT"; done
      warm_load "$NODE_PORT" "${sizes%% *}"; warm_load "$NGINX_PORT" "${sizes%% *}"
      for size in $sizes; do
        for c in $connections; do compare node "$placement" "$size" "$c" nginx="$NGINX_PORT" node="$NODE_PORT"; done
      done
    else
      NODE_CPUS=$SIDE_CPUS bench_start_node
      bench_start_gateway "$GATEWAY_PORT" "$GATEWAY_MANAGEMENT"
      # the global gateway's own hop is measured: the regional gateway behind it runs beside the node
      bench_start_gateway "$BEHIND_GLOBAL_PORT" "$BEHIND_GLOBAL_MANAGEMENT" "$SIDE_CPUS"
      bench_start_global_gateway "$GLOBAL_PORT" "$GLOBAL_MANAGEMENT" "$BEHIND_GLOBAL_PORT"
      bench_start_nginx_proxy "$PROXY_PORT"
      warm_objects 1k "$PROXY_PORT" "$GATEWAY_PORT" "$GLOBAL_PORT"
      for port in "$PROXY_PORT" "$GATEWAY_PORT" "$GLOBAL_PORT"; do warm_load "$port" 1k; done
      for c in $gateway_connections; do
        # at one connection the node alone is measured too: what each hop adds to it
        alone=(); [ "$c" -gt 1 ] || alone=(node-alone="$NODE_PORT")
        compare gateway "$placement" 1k "$c" nginx="$PROXY_PORT" regional="$GATEWAY_PORT" global="$GLOBAL_PORT" \
          "${alone[@]}"
      done
    fi
    bench_stop_all
  done
done

echo "Closed loop (each connection sends its next request when the last response is complete); ratios against nginx:"
echo
echo "| part | placement | object | connections | server | wrk req/s | ratio | wrk p99 ms | ratio | hitload req/s | ratio | hitload p99 ms | ratio |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${CLOSED[@]}"
echo
echo "Open loop (hitload, the same fixed rate for every server; latency from when each request was due):"
echo
echo "| part | placement | object | connections | offered | server | p50 / p99 / p99.9 ms | p99 ratio | p99.9 ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${OPEN[@]}"
