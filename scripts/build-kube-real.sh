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
  [ -n "$(find "$mod/go.mod" "$mod/go.sum" "$mod/cmd" "$root/scripts/build-kube-real.sh" -newer "$out" -print -quit)" ]
}

build() {
  local out="$1" pkg="$2" ldflags="${3:-}"
  if ! stale "$out"; then
    echo "build-kube-real: $(basename "$out") is up to date"
    return 0
  fi
  local start=$SECONDS
  echo "build-kube-real: building $(basename "$out") from $pkg (the first build takes minutes)..."
  if ! (cd "$mod" && go build -ldflags "$ldflags" -o "$out.tmp" "$pkg"); then
    rm -f "$out.tmp"
    echo "build-kube-real: go build $pkg failed (see above)" >&2
    exit 1
  fi
  mv -f "$out.tmp" "$out"
  echo "build-kube-real: built $(basename "$out") in $((SECONDS - start)) s"
}

mkdir -p "$bin"
build "$bin/etcd" ./cmd/etcd
# The release's version stamped in, as `make` does: /version then says
# v1.36.3 (not v0.0.0-master), so provider and version detection see a
# real release string.
kver="$(sed -n 's/^[[:space:]]*k8s\.io\/kubernetes \(v[0-9.]*\).*/\1/p' "$mod/go.mod" | head -1)"
kminor="$(echo "$kver" | cut -d. -f2)"
vflags=""
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  vflags+=" -X $p.gitVersion=$kver -X $p.gitMajor=1 -X $p.gitMinor=$kminor -X $p.gitTreeState=clean"
done
build "$bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver "$vflags"
