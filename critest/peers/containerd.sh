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
  # One bridge, subnet and IPAM store per directory, so that peers started by concurrent runs
  # never share addresses or routes. Pods get a /24 inside the test range 198.18.0.0/16.
  if [[ ! -f "$dir/network" ]]; then
    echo "crit$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n') 198.18.$((RANDOM % 200 + 20)).0/24" >"$dir/network"
  fi
  read -r bridge subnet <"$dir/network"
  cat >"$dir/cni/net.d/10-critest.conflist" <<JSON
{"cniVersion": "0.4.0", "name": "critest", "plugins": [
  {"type": "bridge", "bridge": "$bridge", "isGateway": true, "ipMasq": false,
   "ipam": {"type": "host-local", "dataDir": "$dir/cni/ipam", "ranges": [[{"subnet": "$subnet"}]]}},
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
  # This host lacks CAP_SYS_RESOURCE: a negative oom_score_adj cannot be set.
  restrict_oom_score_adj = true
  # No network to pull registry.k8s.io/pause: start_pause_image imports a local one.
  sandbox_image = "$PAUSE_IMAGE"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni/net.d"
TOML
}

# The sandbox image: the host's static catatonit in pause mode (-P) as the only file of an OCI
# image made with umoci, imported into containerd's CRI namespace.
import_pause_image() {
  local work="$dir/pause-build"
  rm -rf "$work"
  mkdir -p "$work"
  umoci init --layout "$work/layout"
  umoci new --image "$work/layout:${PAUSE_IMAGE##*:}"
  umoci unpack --image "$work/layout:${PAUSE_IMAGE##*:}" "$work/bundle" >/dev/null
  install -m 0755 "$(command -v catatonit)" "$work/bundle/rootfs/catatonit"
  umoci repack --image "$work/layout:${PAUSE_IMAGE##*:}" "$work/bundle"
  umoci config --image "$work/layout:${PAUSE_IMAGE##*:}" --config.entrypoint /catatonit --config.entrypoint -P \
    --config.user 65535:65535
  tar -C "$work/layout" -cf "$work/pause.tar" .
  ctr --address "$dir/containerd.sock" -n k8s.io images import --base-name "${PAUSE_IMAGE%:*}" \
    "$work/pause.tar" >/dev/null
  rm -rf "$work"
}

# Pids of the runc shims serving this containerd (their command line names its socket).
shims() {
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    if tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q -- "-address $dir/containerd.sock "; then
      echo "$pid"
    fi
  done
}

# Kills and deletes every task and container left in the CRI namespace, so no container
# process, shim or mount outlives the peer.
remove_leftovers() {
  local c=(ctr --address "$dir/containerd.sock" -n k8s.io) id
  for id in $("${c[@]}" tasks ls -q 2>/dev/null); do
    "${c[@]}" tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
  done
  for id in $("${c[@]}" tasks ls -q 2>/dev/null); do
    for _ in $(seq 1 50); do "${c[@]}" tasks delete "$id" >/dev/null 2>&1 && break; sleep 0.1; done
  done
  for id in $("${c[@]}" containers ls -q 2>/dev/null); do
    "${c[@]}" containers delete "$id" >/dev/null 2>&1 || true
  done
}

PAUSE_IMAGE=critest.local/pause:catatonit

case "$cmd" in
prepare)
  prepare
  ;;
start)
  prepare
  containerd --config "$dir/config.toml" >"$dir/containerd.log" 2>&1 &
  echo $! >"$dir/containerd.pid"
  for _ in $(seq 1 100); do
    if [[ -S "$dir/containerd.sock" ]] && ctr --address "$dir/containerd.sock" version >/dev/null 2>&1; then
      import_pause_image
      echo "unix://$dir/containerd.sock"
      exit 0
    fi
    sleep 0.1
  done
  echo "containerd did not open its socket; log:" >&2
  cat "$dir/containerd.log" >&2
  exit 1
  ;;
stop)
  [[ -d "$dir" ]] || exit 0
  if [[ -f "$dir/containerd.pid" ]]; then
    pid=$(cat "$dir/containerd.pid")
    kill -0 "$pid" 2>/dev/null && remove_leftovers
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  for pid in $(shims); do
    kill -9 "$pid" 2>/dev/null || true
  done
  # Sandboxes leave netns pins, shm and rootfs mounts when a spec forgot them: unmount before deleting.
  if grep -q " $dir" /proc/self/mountinfo; then
    grep " $dir" /proc/self/mountinfo | awk '{print $5}' | sort -r | xargs -r -n1 umount -l
  fi
  if [[ -f "$dir/network" ]]; then
    read -r bridge _ <"$dir/network"
    ip link delete "$bridge" 2>/dev/null || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
