#!/usr/bin/env bash
# Runs Debian's containerd (1.6) with its CRI plugin on a private socket, as the peer the
# critest specs are checked against. Everything it owns lives under one directory.
#
#   critest/peers/containerd.sh start DIR    # prints the endpoint: unix://DIR/containerd.sock
#   critest/peers/containerd.sh stop DIR
#   critest/peers/containerd.sh prepare DIR  # only writes DIR/config.toml (the benchmarks start it)
set -euo pipefail

cmd=${1:?start or stop}
dir=$(readlink -f "${2:?directory}")

prepare() {
  command -v containerd >/dev/null || { echo "containerd is not installed (apt-get install containerd)" >&2; exit 1; }
  mkdir -p "$dir/root" "$dir/state" "$dir/cni/net.d"
  # NetworkReady needs a CNI network config; the test subnet is 198.18.0.0/16.
  cat >"$dir/cni/net.d/10-critest.conflist" <<JSON
{"cniVersion": "0.4.0", "name": "critest", "plugins": [
  {"type": "bridge", "bridge": "critest0", "isGateway": true, "ipMasq": false,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "198.18.0.0/24"}]]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
JSON
  cat >"$dir/config.toml" <<TOML
version = 2
root = "$dir/root"
state = "$dir/state"
[grpc]
  address = "$dir/containerd.sock"
[ttrpc]
  address = "$dir/containerd.sock.ttrpc"
[debug]
  address = "$dir/debug.sock"
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni/net.d"
TOML
}

case "$cmd" in
prepare)
  prepare
  ;;
start)
  prepare
  containerd --config "$dir/config.toml" >"$dir/containerd.log" 2>&1 &
  echo $! >"$dir/containerd.pid"
  for _ in $(seq 1 100); do
    [[ -S "$dir/containerd.sock" ]] && { echo "unix://$dir/containerd.sock"; exit 0; }
    sleep 0.1
  done
  echo "containerd did not open its socket; log:" >&2
  cat "$dir/containerd.log" >&2
  exit 1
  ;;
stop)
  if [[ -f "$dir/containerd.pid" ]]; then
    pid=$(cat "$dir/containerd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  # containerd mounts nothing for Status-level specs, but be sure before deleting.
  if grep -q " $dir" /proc/self/mountinfo; then
    grep " $dir" /proc/self/mountinfo | awk '{print $5}' | sort -r | xargs -r -n1 umount -l
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
