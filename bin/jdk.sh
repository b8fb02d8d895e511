# Sourced by .ci/run and the bin/ scripts: exports JAVA_HOME to a JDK >= 21 (GeoCDN compiles
# for release 21). Prefers an existing JAVA_HOME, then the newest JDK under /usr/lib/jvm.
geocdn_java_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

geocdn_pick_jdk() {
  local candidate version best="" best_version=0
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$(geocdn_java_version "$candidate")
    version=${version%%.*}
    [ -n "$version" ] || continue
    if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$version" -ge 21 ]; then
      best=$candidate; break
    fi
    if [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best=$candidate; best_version=$version
    fi
  done
  if [ -z "$best" ]; then
    echo "GeoCDN needs a JDK 21 or newer (none found in JAVA_HOME or /usr/lib/jvm)." >&2
    echo "Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 25, then set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}

# Builds the runnable jars when $1 is missing, printing one line per module as Maven reaches it
# (a first build takes a minute or two), and the build's errors if it fails.
geocdn_build_if_missing() {
  local jar=$1 log
  [ -f "$jar" ] && return 0
  echo "Building GeoCDN (first run only, a minute or two)..."
  log=$(mktemp)
  ./mvnw -B -ntp -DskipTests package -pl local-cluster,cache-node-service,cache-simulator -am >"$log" 2>&1 </dev/null &
  local pid=$! shown=0 lines
  while kill -0 "$pid" 2>/dev/null; do
    lines=$(grep -E '^\[INFO\] Building .* \[[0-9]+/[0-9]+\]$' "$log" | sed -E 's/^\[INFO\] Building (.*) 0\.1\.0-SNAPSHOT +(\[.*\])$/  \2 \1/' || true)
    if [ -n "$lines" ]; then
      echo "$lines" | tail -n +$((shown + 1))
      shown=$(echo "$lines" | wc -l)
    fi
    sleep 1
  done
  if ! wait "$pid"; then
    grep -E '^\[ERROR\]' "$log" | head -20 >&2
    echo "The build failed; the whole log is in $log" >&2
    return 1
  fi
  rm -f "$log"
  echo "Built."
}
