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
. bin/jdk.sh
geocdn_pick_jdk

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

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else echo "needs: ${missing[*]} (apt-get install)" >&2; exit 1; fi
fi
node_jar=cache-node-service/target/cache-node-service-0.1.0-SNAPSHOT.jar
origin_jar=origin-mock/target/origin-mock-0.1.0-SNAPSHOT-exec.jar
[ -f "$node_jar" ] && [ -f "$origin_jar" ] || ./mvnw -B -q -DskipTests package

origin_port=19000 node_port=18090 management_port=19090 nginx_port=18080
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

java_opts=(--enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g -XX:+AlwaysPreTouch)
read -r -a node_opts <<<"${NODE_JAVA_OPTS:-}"
taskset -c 1 "$JAVA_HOME/bin/java" "${java_opts[@]}" -jar "$origin_jar" --port=$origin_port >"$work/origin.log" 2>&1 &
pids+=($!)
taskset -c 0 "$JAVA_HOME/bin/java" "${java_opts[@]}" "${node_opts[@]}" -jar "$node_jar" \
  --server.port=$node_port --management.server.port=$management_port \
  --cdn.origin.url=http://127.0.0.1:$origin_port --cdn.region=bench --cdn.node-id=bench-1 \
  --cdn.cache.max-bytes=1GB --logging.level.root=WARN >"$work/node.log" 2>&1 &
pids+=($!)

mkdir -p "$work/nginx/cache" "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<CONF
user root;
worker_processes 1;
worker_cpu_affinity 01;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  keepalive_requests 1000000;
  proxy_cache_path $work/nginx/cache levels=1:2 keys_zone=geocdn:64m max_size=4g inactive=1h use_temp_path=off;
  upstream origin { server 127.0.0.1:$origin_port; keepalive 32; }
  server {
    listen 127.0.0.1:$nginx_port backlog=4096;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache geocdn;
      proxy_cache_lock on;
      add_header X-Cache \$upstream_cache_status;
    }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" &
pids+=($!)

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$management_port/actuator/health" >/dev/null 2>&1 && break
  sleep 0.5
done

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
