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
