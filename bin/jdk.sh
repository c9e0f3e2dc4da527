# Sourced by the scripts in bin/: finds a JDK 21 or newer.
# Sets java_home to $JAVA_HOME when it is new enough, else to the newest JDK under /usr/lib/jvm;
# leaves it empty when there is none.

jdk_feature_version() { # the major version of the JDK at $1, read from its release file
  local line
  line=$(grep -s '^JAVA_VERSION=' "$1/release") || return 1
  line=${line#JAVA_VERSION=\"}
  line=${line%%[.\"]*}
  [[ "$line" =~ ^[0-9]+$ ]] && echo "$line"
}

find_jdk() {
  local v best=0 jdk
  java_home=""
  if [[ -n "${JAVA_HOME:-}" ]] && v=$(jdk_feature_version "$JAVA_HOME") && (( v >= 21 )); then
    java_home=$JAVA_HOME
    return
  fi
  for jdk in /usr/lib/jvm/*/; do
    jdk=${jdk%/}
    [[ -x "$jdk/bin/java" ]] || continue
    v=$(jdk_feature_version "$jdk") || continue
    if (( v >= 21 && v > best )); then best=$v; java_home=$jdk; fi
  done
}
