# Sourced by the scripts in bin/: installs missing Debian/Ubuntu packages and a JDK 21+.

apt_updated=""
ensure_packages() { # ensure_packages PKG... : installs those not installed yet
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  (( ${#missing[@]} == 0 )) && return 0
  if [[ -z "$apt_updated" ]]; then
    apt-get update -q
    apt_updated=yes
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

ensure_jdk() { # sets java_home to a JDK 21+, installing Debian's when none is there
  find_jdk
  [[ -n "$java_home" ]] && return 0
  local pkg
  for pkg in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
    if apt-cache show "$pkg" >/dev/null 2>&1; then
      ensure_packages "$pkg"
      find_jdk
      [[ -n "$java_home" ]] && return 0
    fi
  done
  echo "No JDK 21 or newer here, and this system's packages offer none (Debian 12 ships only 17)." >&2
  echo "Install one (for example Eclipse Temurin 21 or 25) under /usr/lib/jvm or set JAVA_HOME, then rerun." >&2
  exit 1
}
