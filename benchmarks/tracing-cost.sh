#!/usr/bin/env bash
# What tracing costs on the path users take: hits through a regional gateway to its node, with
# tracing off (management.tracing.export.enabled=false), at the services' default without an
# exporter (trace context read and sent on, nothing sampled), and with 10 % and with every request
# sampled and exported over OTLP/HTTP to a sink on loopback; side by side in one run, interleaved
# round by round, as ratios to off.
#
#   benchmarks/tracing-cost.sh [--rounds=4] [--duration=5s] [--connections=64] [--open-load=0.7]
#       [--warmup=30s] [--size=1k]
#
# Pinned: every gateway and node on CPU 0; the load generator, origin-mock and the OTLP sink (nginx
# answering 200) on CPU 1. Per round and configuration: closed loop with hitload at --connections,
# then open loop at --open-load times the median closed-loop rate of "off" from the rounds so far,
# the same rate for every configuration, latency counted from when each request was due. Medians
# of the rounds. Loopback only; bounded by the runs' durations.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=4 duration=5s connections=64 open_load=0.7 warmup=30s size=1k
for arg in "$@"; do
  case "$arg" in
    --rounds=*) rounds=${arg#*=} ;;
    --duration=*) duration=${arg#*=} ;;
    --connections=*) connections=${arg#*=} ;;
    --open-load=*) open_load=${arg#*=} ;;
    --warmup=*) warmup=${arg#*=} ;;
    --size=*) size=${arg#*=} ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done
seconds=${duration%s}
case "$seconds" in ''|*[!0-9]*) echo "--duration takes whole seconds, like 5s" >&2; exit 2 ;; esac
case "$rounds" in ''|*[!0-9]*|0) echo "--rounds takes a positive number" >&2; exit 2 ;; esac
case "$connections" in ''|*[!0-9]*|0) echo "--connections takes a positive number" >&2; exit 2 ;; esac
awk -v l="$open_load" 'BEGIN {exit !(l > 0 && l <= 1)}' || { echo "--open-load takes a fraction in (0, 1]" >&2; exit 2; }

. benchmarks/lib/servers.sh
bench_require nginx
bench_build_hitload
SERVER_CPUS=0 SIDE_CPUS=1 LOAD_CPUS=1
SINK_PORT=18199
path="/objects/trace-bench-$size?size=$size&cc=max-age%3D3600"
configs="off default export-10 export-all"
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1==k {print $2}'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
run_hitload() { # port [rate] -> "rps p50 p99 p999"
  local out rate_flag=()
  [ -n "${2:-}" ] && rate_flag=(-r "$2")
  out=$(taskset -c "$LOAD_CPUS" "$HITLOAD" -p "$1" -u "$path" -c "$connections" -d "$seconds" "${rate_flag[@]}")
  if [ "$(field "$out" errors)" != 0 ] || [ "$(field "$out" still_due)" != 0 ]; then echo "in run: $out" >&2; fi
  echo "$(field "$out" rps) $(field "$out" p50) $(field "$out" p99) $(field "$out" p999)"
}

# the OTLP sink: takes every export and answers 200, as a collector would, without keeping anything
mkdir -p "$BENCH_WORK/sink"
cat >"$BENCH_WORK/sink.conf" <<EOF
worker_processes 1;
pid $BENCH_WORK/sink/nginx.pid;
error_log $BENCH_WORK/sink/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $BENCH_WORK/sink/body;
  proxy_temp_path $BENCH_WORK/sink/proxy;
  fastcgi_temp_path $BENCH_WORK/sink/fastcgi;
  uwsgi_temp_path $BENCH_WORK/sink/uwsgi;
  scgi_temp_path $BENCH_WORK/sink/scgi;
  client_max_body_size 64m;
  server { listen 127.0.0.1:$SINK_PORT; location / { return 200; } }
}
EOF
taskset -c "$SIDE_CPUS" nginx -c "$BENCH_WORK/sink.conf" -g 'daemon off;' &
BENCH_PIDS+=($!)

bench_start_origin
declare -A gateway_port
i=0
for config in $configs; do
  case "$config" in
    off) flags=(--management.tracing.export.enabled=false) ;;
    default) flags=() ;;
    export-10) flags=(--management.tracing.sampling.probability=0.1
                      "--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$SINK_PORT/v1/traces") ;;
    export-all) flags=(--management.tracing.sampling.probability=1.0
                       "--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$SINK_PORT/v1/traces") ;;
  esac
  NODE_PORT=$((18190 + i)) MANAGEMENT_PORT=$((19190 + i))
  bench_start_node "${flags[@]}"
  bench_start_gateway $((18170 + i)) $((19170 + i)) "$SERVER_CPUS" "${flags[@]}"
  gateway_port[$config]=$((18170 + i))
  i=$((i + 1))
done
for config in $configs; do
  curl -fs -o /dev/null "http://127.0.0.1:${gateway_port[$config]}$path"
  taskset -c "$LOAD_CPUS" wrk -t1 -c"$connections" -d"$warmup" "http://127.0.0.1:${gateway_port[$config]}$path" >/dev/null
done

for r in $(seq 1 "$rounds"); do
  for config in $configs; do
    result=$(run_hitload "${gateway_port[$config]}")
    echo "$result" >>"$BENCH_WORK/closed-$config"
    echo "round $r closed $config: rps p50 p99 p999 = $result" >&2
  done
  rate=$(awk -v f="$open_load" '{print $1}' "$BENCH_WORK/closed-off" | median | awk -v f="$open_load" '{printf "%d", $1 * f}')
  for config in $configs; do
    result=$(run_hitload "${gateway_port[$config]}" "$rate")
    echo "$result" >>"$BENCH_WORK/open-$config"
    echo "round $r open $config at $rate/s: rps p50 p99 p999 = $result" >&2
  done
done

col() { awk -v i="$1" '{print $i}' "$2" | median; }
off_rps=$(col 1 "$BENCH_WORK/closed-off")
off_p99=$(col 3 "$BENCH_WORK/open-off")
printf '%-10s %10s %8s %10s %10s %10s %9s\n' tracing "req/s" "x off" "open p50" "open p99" "open p999" "p99 x off"
for config in $configs; do
  rps=$(col 1 "$BENCH_WORK/closed-$config")
  p50=$(col 2 "$BENCH_WORK/open-$config") p99=$(col 3 "$BENCH_WORK/open-$config") p999=$(col 4 "$BENCH_WORK/open-$config")
  printf '%-10s %10.0f %8.2f %9.2fms %9.2fms %9.2fms %9.2f\n' "$config" "$rps" "$(awk -v a="$rps" -v b="$off_rps" 'BEGIN {print a / b}')" \
    "$p50" "$p99" "$p999" "$(awk -v a="$p99" -v b="$off_p99" 'BEGIN {print a / b}')"
done
echo "(closed loop at $connections connections; open loop at $open_load of off's closed-loop rate; medians of $rounds rounds, $size hits through a regional gateway)"
