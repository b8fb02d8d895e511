#!/usr/bin/env bash
# How long collapsed requests wait: N clients ask at once for an object nobody has cached; the
# origin takes --delay ms to answer. Reports, for the node and for nginx (proxy_cache_lock on),
# the median and slowest client time and how many requests reached the origin.
#
#   benchmarks/collapse-latency.sh [--clients=50] [--delay=200] [--rounds=5]
set -euo pipefail
cd "$(dirname "$0")/.."
clients=50
delay=200
rounds=5
for arg in "$@"; do
  case "$arg" in
    --clients=*) clients=${arg#*=} ;;
    --delay=*) delay=${arg#*=} ;;
    --rounds=*) rounds=${arg#*=} ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done

. benchmarks/lib/servers.sh
bench_require nginx
bench_start_origin
bench_start_node
bench_start_nginx

origin_total() { curl -s "http://127.0.0.1:$ORIGIN_PORT/__origin/stats" | sed -E 's/.*"total":([0-9]+).*/\1/'; }

# one round: N concurrent clients on a fresh URL; prints "median_ms max_ms origin_requests"
round() { # port name
  local url="http://127.0.0.1:$1/objects/collapse-$2?size=16k&cc=max-age%3D600&delay=$delay"
  local before after times
  before=$(origin_total)
  times=$(for _ in $(seq 1 "$clients"); do
            curl -s -o /dev/null -w '%{time_total}\n' "$url" &
          done; wait)
  after=$(origin_total)
  sort -g <<<"$times" | awk -v o=$((after - before)) '{a[NR]=$1*1000} END {printf "%.0f %.0f %d\n", a[int((NR+1)/2)], a[NR], o}'
}

# one unreported round each, so that neither is measured cold
round "$NODE_PORT" "warm-node-$RANDOM" >/dev/null
round "$NGINX_PORT" "warm-nginx-$RANDOM" >/dev/null

echo "| server | round | median ms | slowest ms | origin requests |"
echo "|---|---|---|---|---|"
for r in $(seq 1 "$rounds"); do
  read -r med max o < <(round "$NODE_PORT" "node-$r-$RANDOM")
  echo "| node | $r | $med | $max | $o |"
  read -r med max o < <(round "$NGINX_PORT" "nginx-$r-$RANDOM")
  echo "| nginx | $r | $med | $max | $o |"
done
echo "(origin delay: $delay ms, $clients clients per round)"
