#!/usr/bin/env bash
# Builds the real Kubernetes binaries the real-cluster tests run:
#   tools/kube-real/bin/kube-apiserver  (k8s.io/kubernetes/cmd/kube-apiserver, pinned in tools/kube-real/go.mod)
#   tools/kube-real/bin/etcd            (tools/kube-real/cmd/etcd, embedded go.etcd.io/etcd/server/v3)
# Everything comes from the Go module proxy through go.mod/go.sum; nothing
# else is downloaded. A binary is rebuilt only when it is missing or older
# than go.mod, go.sum or the sources under tools/kube-real/cmd, so a second
# run does nothing. The first build on a fresh machine takes about 7-8 min
# (kube-apiserver ~433 s, etcd ~20 s on 2 cores); later builds only link.
# Exits non-zero with a clear message when Go is absent or a build fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mod="$root/tools/kube-real"
bin="$mod/bin"

if ! command -v go >/dev/null 2>&1; then
  echo "build-kube-real: Go is not installed (need Go >= 1.26 on PATH); the real kube-apiserver and etcd cannot be built" >&2
  exit 3
fi

stale() {
  local out="$1"
  [ -x "$out" ] || return 0
  [ -n "$(find "$mod/go.mod" "$mod/go.sum" "$mod/cmd" -newer "$out" -print -quit)" ]
}

build() {
  local out="$1" pkg="$2"
  if ! stale "$out"; then
    echo "build-kube-real: $(basename "$out") is up to date"
    return 0
  fi
  local start=$SECONDS
  echo "build-kube-real: building $(basename "$out") from $pkg (the first build takes minutes)..."
  if ! (cd "$mod" && go build -o "$out.tmp" "$pkg"); then
    rm -f "$out.tmp"
    echo "build-kube-real: go build $pkg failed (see above)" >&2
    exit 1
  fi
  mv -f "$out.tmp" "$out"
  echo "build-kube-real: built $(basename "$out") in $((SECONDS - start)) s"
}

mkdir -p "$bin"
build "$bin/etcd" ./cmd/etcd
build "$bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
