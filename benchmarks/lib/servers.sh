# Sourced by the load benchmarks: starts origin-mock, a cache node and nginx proxy_cache on
# loopback, pinned to CPUs, and stops them on exit. Expects to run from the repository root.
#   ORIGIN_PORT NODE_PORT MANAGEMENT_PORT NGINX_PORT may be set before sourcing.
. bin/jdk.sh
geocdn_pick_jdk

ORIGIN_PORT=${ORIGIN_PORT:-19000}
NODE_PORT=${NODE_PORT:-18090}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-19090}
NGINX_PORT=${NGINX_PORT:-18080}
BENCH_WORK=$(mktemp -d)
BENCH_PIDS=()

bench_cleanup() {
  for p in "${BENCH_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$BENCH_WORK"
}
trap bench_cleanup EXIT INT TERM

# apt packages the benchmarks need: wrk, nginx, curl, a C compiler for hitload
bench_require() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  command -v gcc >/dev/null || missing+=(gcc libc6-dev)
  if [ "${1:-}" = nginx ] && ! command -v nginx >/dev/null; then missing+=(nginx-light); fi
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else echo "needs: ${missing[*]} (apt-get install)" >&2; exit 1; fi
  fi
  if [ ! -f cache-node-service/target/cache-node-service-0.1.0-SNAPSHOT-exec.jar ] \
      || [ ! -f origin-mock/target/origin-mock-0.1.0-SNAPSHOT-exec.jar ]; then
    ./mvnw -B -q -DskipTests package
  fi
}

# hitload (benchmarks/loadgen/hitload.c), built into the run's directory; sets HITLOAD
bench_build_hitload() {
  HITLOAD="$BENCH_WORK/hitload"
  gcc -O2 -Wall -o "$HITLOAD" benchmarks/loadgen/hitload.c
}

# bodies live off the heap: direct memory must hold the 1 GB cache plus headroom
BENCH_JAVA_OPTS=(--enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:MaxDirectMemorySize=2g)

# origin-mock on CPU 1
bench_start_origin() {
  taskset -c 1 "$JAVA_HOME/bin/java" "${BENCH_JAVA_OPTS[@]}" -jar origin-mock/target/origin-mock-0.1.0-SNAPSHOT-exec.jar \
    --port="$ORIGIN_PORT" >"$BENCH_WORK/origin.log" 2>&1 &
  BENCH_PIDS+=($!)
}

# the node on CPU 0; extra JVM flags from NODE_JAVA_OPTS, extra node flags as arguments
bench_start_node() {
  local node_opts=()
  read -r -a node_opts <<<"${NODE_JAVA_OPTS:-}"
  taskset -c 0 "$JAVA_HOME/bin/java" "${BENCH_JAVA_OPTS[@]}" "${node_opts[@]}" \
    -jar cache-node-service/target/cache-node-service-0.1.0-SNAPSHOT-exec.jar \
    --server.port="$NODE_PORT" --management.server.port="$MANAGEMENT_PORT" \
    --cdn.origin.url="http://127.0.0.1:$ORIGIN_PORT" --cdn.region=bench --cdn.node-id=bench-1 \
    --cdn.cache.max-bytes="${NODE_MAX_BYTES:-1GB}" --logging.level.root=WARN "$@" >"$BENCH_WORK/node.log" 2>&1 &
  BENCH_PIDS+=($!)
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the node did not start; its log:" >&2; cat "$BENCH_WORK/node.log" >&2; exit 1
}

# nginx proxy_cache on CPU 0, one worker, cache lock on (as a CDN would run it)
bench_start_nginx() {
  local dir="$BENCH_WORK/nginx"
  mkdir -p "$dir/cache" "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
user root;
worker_processes 1;
worker_cpu_affinity 01;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 1000000;
  proxy_cache_path $dir/cache levels=1:2 keys_zone=geocdn:64m max_size=4g inactive=1h use_temp_path=off;
  upstream origin { server 127.0.0.1:$ORIGIN_PORT; keepalive 32; }
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
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
  nginx -c "$dir/nginx.conf" &
  BENCH_PIDS+=($!)
  for _ in $(seq 1 40); do
    (exec 3<>"/dev/tcp/127.0.0.1/$NGINX_PORT") 2>/dev/null && return 0
    sleep 0.25
  done
  echo "nginx did not start:" >&2; cat "$dir/error.log" >&2; exit 1
}
