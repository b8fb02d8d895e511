# Sourced by the world benchmarks: starts the local world (bin/geocdn-local's jar) on the
# benchmark ports 28080-29106, with the given extra flags, and waits until the health service
# reports every region up; stops it on exit. Expects to run from the repository root.
. bin/jdk.sh
geocdn_pick_jdk

WORLD_JAR=local-cluster/target/local-cluster-0.1.0-SNAPSHOT-exec.jar
if [ ! -f "$WORLD_JAR" ] || [ ! -f benchmarks/target/benchmarks.jar ]; then
  ./mvnw -B -q -DskipTests package
fi
WORLD_WORK=$(mktemp -d)

bench_world_start() {
  "$JAVA_HOME/bin/java" -Xmx1g -XX:MaxDirectMemorySize=2g --enable-native-access=ALL-UNNAMED ${WORLD_JAVA_OPTS:-} -jar "$WORLD_JAR" \
    --gateway-port=28080 --health-port=28082 --dns-port=28053 --control-port=28083 --origin-port=29000 \
    --regional-port=28090 --node-port=28101 --invalidation-port=28081 "$@" >"$WORLD_WORK/world.log" 2>&1 &
  WORLD_PID=$!
  trap 'kill $WORLD_PID 2>/dev/null || true; wait $WORLD_PID 2>/dev/null || true; rm -rf "$WORLD_WORK"' EXIT INT TERM
  for _ in $(seq 1 240); do
    local body
    body=$(curl -fs http://127.0.0.1:28082/v1/regions 2>/dev/null || true)
    if [ -n "$body" ] && ! grep -q '"DOWN"' <<<"$body" && curl -fs http://127.0.0.1:28083/v1/world >/dev/null 2>&1; then
      return 0
    fi
    kill -0 $WORLD_PID 2>/dev/null || { cat "$WORLD_WORK/world.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the local world did not come up within 2 minutes" >&2
  exit 1
}

bench_java() {
  "$JAVA_HOME/bin/java" -Xmx256m --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar "$@"
}
