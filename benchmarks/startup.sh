#!/usr/bin/env bash
# Start to ready, with and without the JDK's AOT cache (JEP 483/514, JDK 25): a cache node and a
# gateway, each from its exec jar extracted as Spring Boot documents it (java -Djarmode=tools
# extract), time from the JVM's launch to its readiness probe answering UP. The AOT cache comes
# from a training run: the service started to ready, sent a request and a scrape, then stopped
# (-XX:AOTCacheOutput writes the cache at exit). Rounds interleave the two ways; medians.
#
#   benchmarks/startup.sh [--rounds=5]
#
# Loopback only; each run is bounded by the service's start (at most 60 s).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5
for arg in "$@"; do
  case "$arg" in
    --rounds=*) rounds=${arg#*=} ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "--rounds takes a positive number" >&2; exit 2 ;; esac

. bin/jdk.sh
geocdn_pick_jdk
for jar in cache-node-service/target/cache-node-service-0.1.0-SNAPSHOT-exec.jar \
           gateway-service/target/gateway-service-0.1.0-SNAPSHOT-exec.jar; do
  [ -f "$jar" ] || ./mvnw -B -q -DskipTests package
done
work=$(mktemp -d)
pid=
trap 'pkill -f "$work/" 2>/dev/null || true; rm -rf "$work"' EXIT

node_jar=$work/node/cache-node-service-0.1.0-SNAPSHOT-exec.jar
gateway_jar=$work/gateway/gateway-service-0.1.0-SNAPSHOT-exec.jar
"$JAVA_HOME/bin/java" -Djarmode=tools -jar cache-node-service/target/cache-node-service-0.1.0-SNAPSHOT-exec.jar \
  extract --destination "$work/node" >/dev/null
"$JAVA_HOME/bin/java" -Djarmode=tools -jar gateway-service/target/gateway-service-0.1.0-SNAPSHOT-exec.jar \
  extract --destination "$work/gateway" >/dev/null
node_args=(--server.port=18301 --management.server.port=19301 --cdn.origin.url=http://127.0.0.1:9
           --cdn.cache.max-bytes=64MB --logging.level.root=WARN)
gateway_args=(--server.port=18302 --management.server.port=19302 --cdn.gateway.id=gw-startup --cdn.gateway.region=r1
              "--cdn.gateway.regions.r1.nodes[0].id=n1" "--cdn.gateway.regions.r1.nodes[0].url=http://127.0.0.1:18301"
              --logging.level.root=WARN)

# start JAR DATA_PORT MGMT_PORT [java flags...] -- [args...]: starts it, waits for ready, prints ms
start() {
  local jar=$1 data=$2 mgmt=$3; shift 3
  local flags=()
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done; shift
  local begin end
  begin=$(date +%s%N)
  "$JAVA_HOME/bin/java" -XX:MaxDirectMemorySize=512m "${flags[@]}" -jar "$jar" "$@" >"$work/run.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    curl -fs "http://127.0.0.1:$mgmt/actuator/health/readiness" 2>/dev/null | grep -q UP && break
    kill -0 "$pid" 2>/dev/null || { echo "the service died; log:" >&2; cat "$work/run.log" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  echo $(( (end - begin) / 1000000 ))
}
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

# training: to ready, a request and a scrape, then a clean stop, which writes the cache
train() { # name jar data mgmt args...
  local name=$1 jar=$2 data=$3 mgmt=$4; shift 4
  start "$jar" "$data" "$mgmt" "-XX:AOTCacheOutput=$work/$name.aot" -- "$@" >/dev/null
  curl -s -o /dev/null "http://127.0.0.1:$data/objects/training" || true
  curl -s -o /dev/null "http://127.0.0.1:$mgmt/actuator/prometheus"
  stop
  echo "AOT cache for $name: $(( $(stat -c %s "$work/$name.aot") / 1048576 )) MB" >&2
}
train node "$node_jar" 18301 19301 "${node_args[@]}"
train gateway "$gateway_jar" 18302 19302 "${gateway_args[@]}"

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
for r in $(seq 1 "$rounds"); do
  for way in plain aot; do
    for svc in node gateway; do
      if [ "$svc" = node ]; then jar=$node_jar data=18301 mgmt=19301 args=("${node_args[@]}")
      else jar=$gateway_jar data=18302 mgmt=19302 args=("${gateway_args[@]}"); fi
      flags=(); [ "$way" = aot ] && flags=("-XX:AOTCache=$work/$svc.aot")
      start "$jar" "$data" "$mgmt" "${flags[@]}" -- "${args[@]}" >"$work/ms" # not in a subshell: it keeps $pid
      stop
      ms=$(cat "$work/ms")
      echo "$ms" >>"$work/$svc-$way"
      echo "round $r $svc $way: $ms ms" >&2
    done
  done
done
printf '%-8s %14s %14s %8s\n' service "plain (ms)" "AOT cache (ms)" speedup
for svc in node gateway; do
  plain=$(median <"$work/$svc-plain") aot=$(median <"$work/$svc-aot")
  printf '%-8s %14.0f %14.0f %7.2fx\n' "$svc" "$plain" "$aot" "$(awk -v a="$plain" -v b="$aot" 'BEGIN {print a / b}')"
done
echo "(JVM launch to readiness UP, medians of $rounds rounds, $(nproc) CPUs, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1))"
