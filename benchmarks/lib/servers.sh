# Sourced by the load benchmarks: starts origin-mock, a cache node, gateways and nginx (as a
# cache and as a reverse proxy) on loopback, pinned to CPUs, and stops them on exit. Expects to
# run from the repository root.
#   ORIGIN_PORT NODE_PORT MANAGEMENT_PORT NGINX_PORT may be set before sourcing.
#   SERVER_CPUS (servers under test, default 0) and SIDE_CPUS (origin-mock, and the node behind
#   a proxy under test, default 1) may be changed between starts.
. bin/jdk.sh
geocdn_pick_jdk

ORIGIN_PORT=${ORIGIN_PORT:-19000}
NODE_PORT=${NODE_PORT:-18090}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-19090}
NGINX_PORT=${NGINX_PORT:-18080}
BENCH_WORK=$(mktemp -d)
BENCH_PIDS=()
SERVER_CPUS=${SERVER_CPUS:-0}
SIDE_CPUS=${SIDE_CPUS:-1}

# stops the servers started so far (a benchmark may start them again with other CPUs)
bench_stop_all() {
  for p in "${BENCH_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${BENCH_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  BENCH_PIDS=()
}

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
      || [ ! -f origin-mock/target/origin-mock-0.1.0-SNAPSHOT-exec.jar ] \
      || [ ! -f gateway-service/target/gateway-service-0.1.0-SNAPSHOT-exec.jar ]; then
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

# origin-mock on SIDE_CPUS
bench_start_origin() {
  taskset -c "$SIDE_CPUS" "$JAVA_HOME/bin/java" "${BENCH_JAVA_OPTS[@]}" -jar origin-mock/target/origin-mock-0.1.0-SNAPSHOT-exec.jar \
    --port="$ORIGIN_PORT" >"$BENCH_WORK/origin.log" 2>&1 &
  BENCH_PIDS+=($!)
}

# waits until http://127.0.0.1:$1$2 answers, else prints the log $3 and fails
bench_await() {
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$1$2" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "nothing answered on port $1; log:" >&2; cat "$3" >&2; exit 1
}

# the node on SERVER_CPUS (NODE_CPUS overrides); extra JVM flags from NODE_JAVA_OPTS, extra node
# flags as arguments
bench_start_node() {
  local node_opts=()
  read -r -a node_opts <<<"${NODE_JAVA_OPTS:-}"
  taskset -c "${NODE_CPUS:-$SERVER_CPUS}" "$JAVA_HOME/bin/java" "${BENCH_JAVA_OPTS[@]}" "${node_opts[@]}" \
    -jar cache-node-service/target/cache-node-service-0.1.0-SNAPSHOT-exec.jar \
    --server.port="$NODE_PORT" --management.server.port="$MANAGEMENT_PORT" \
    --cdn.origin.url="http://127.0.0.1:$ORIGIN_PORT" --cdn.region=bench --cdn.node-id=bench-1 \
    --cdn.cache.max-bytes="${NODE_MAX_BYTES:-1GB}" --logging.level.root=WARN "$@" >"$BENCH_WORK/node-$NODE_PORT.log" 2>&1 &
  BENCH_PIDS+=($!)
  bench_await "$MANAGEMENT_PORT" /actuator/health "$BENCH_WORK/node-$NODE_PORT.log"
}

# a regional gateway of region "bench" in front of the node: port $1, management $2, on CPUs $3
# (default SERVER_CPUS); further arguments are the gateway's own flags
bench_start_gateway() {
  taskset -c "${3:-$SERVER_CPUS}" "$JAVA_HOME/bin/java" -Xms512m -Xmx512m -XX:+AlwaysPreTouch \
    -jar gateway-service/target/gateway-service-0.1.0-SNAPSHOT-exec.jar \
    --server.port="$1" --management.server.port="$2" --cdn.gateway.id=gw-bench --cdn.gateway.region=bench \
    --cdn.gateway.regions.bench.nodes[0].id=bench-1 --cdn.gateway.regions.bench.nodes[0].url="http://127.0.0.1:$NODE_PORT" \
    --logging.level.root=WARN "${@:4}" >"$BENCH_WORK/gateway-$1.log" 2>&1 &
  BENCH_PIDS+=($!)
  bench_await "$2" /actuator/health "$BENCH_WORK/gateway-$1.log"
}

# the global entry gateway placing 127.0.0.0/8 in region "bench" by address, in front of the
# regional gateway on port $3, on SERVER_CPUS: port $1, management $2
bench_start_global_gateway() {
  taskset -c "$SERVER_CPUS" "$JAVA_HOME/bin/java" -Xms512m -Xmx512m -XX:+AlwaysPreTouch \
    -jar gateway-service/target/gateway-service-0.1.0-SNAPSHOT-exec.jar \
    --server.port="$1" --management.server.port="$2" --cdn.gateway.id=gw-global \
    --cdn.gateway.regions.bench.gateway="http://127.0.0.1:$3" \
    --cdn.gateway.regions.bench.nodes[0].id=bench-1 --cdn.gateway.regions.bench.nodes[0].url="http://127.0.0.1:$NODE_PORT" \
    "--cdn.gateway.placement.cidrs[127.0.0.0/8]=bench" --cdn.gateway.placement.order=cidr \
    --logging.level.root=WARN >"$BENCH_WORK/gateway-$1.log" 2>&1 &
  BENCH_PIDS+=($!)
  bench_await "$2" /actuator/health "$BENCH_WORK/gateway-$1.log"
}

# the CPUs of a list like "0" or "0,1", counted
bench_cpu_count() { tr ',' '\n' <<<"$1" | grep -c .; }

# nginx's common tuning, as its users tune a cache or proxy: one worker per core given, pinned
# to them, no access log, keep-alive without a request limit, reuseport (nginx_common DIR PORT)
bench_nginx_head() {
  local dir=$1 workers affinity=""
  workers=$(bench_cpu_count "$SERVER_CPUS")
  if [ "$SERVER_CPUS" = 0 ]; then affinity="worker_cpu_affinity 01;"; fi
  mkdir -p "$dir/cache" "$dir/tmp"
  cat <<CONF
user root;
worker_processes $workers;
$affinity
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile off;
  tcp_nodelay on;
  output_buffers 2 1m;
  keepalive_requests 1000000;
  open_file_cache max=10000 inactive=60s;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
CONF
}

# starts nginx with config file $1 on SERVER_CPUS and waits for port $2
bench_run_nginx() {
  taskset -c "$SERVER_CPUS" nginx -c "$1" &
  BENCH_PIDS+=($!)
  for _ in $(seq 1 40); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.25
  done
  echo "nginx did not start:" >&2; cat "$(dirname "$1")/error.log" >&2; exit 1
}

# nginx proxy_cache in front of origin-mock, tuned as above, cache lock on (as a CDN runs it)
bench_start_nginx() {
  local dir="$BENCH_WORK/nginx-cache"
  { bench_nginx_head "$dir"; cat <<CONF
  proxy_cache_path $dir/cache levels=1:2 keys_zone=edge:64m max_size=4g inactive=2h use_temp_path=off;
  upstream origin { server 127.0.0.1:$ORIGIN_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT reuseport backlog=4096;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache edge;
      proxy_cache_lock on;
      add_header X-Cache \$upstream_cache_status;
    }
  }
}
CONF
  } >"$dir.conf"
  bench_run_nginx "$dir.conf" "$NGINX_PORT"
}

# nginx as a plain reverse proxy in front of the node on port $1: what a gateway hop is weighed against
bench_start_nginx_proxy() {
  local dir="$BENCH_WORK/nginx-proxy"
  { bench_nginx_head "$dir"; cat <<CONF
  upstream node { server 127.0.0.1:$NODE_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$1 reuseport backlog=4096;
    location / {
      proxy_pass http://node;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
    }
  }
}
CONF
  } >"$dir.conf"
  bench_run_nginx "$dir.conf" "$1"
}
