#!/usr/bin/env bash
# Proves the README's promise that a machine with only Node.js and npm can
# install Portolan: no Python, no make, no C/C++ compiler.
#
# It clones this repository's committed HEAD into a temporary folder, puts
# stubs that exit 1 for python3, python, make, cc, gcc, g++, c++ and clang
# first on PATH, runs the bootstrap there (Node 24 + Yarn 4 + yarn install,
# reusing the machine's npm and Yarn package caches, so nothing is compiled
# and little is downloaded), and then starts the example backend from the
# clone on its default SQLite database and waits until it is ready.
#
# Any step that would need a compiler (a native addon without a shipped
# binary, a `node-gyp rebuild`) fails here, loudly, with the step's output.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/portolan-node-only.XXXXXX")"
backend_pid=""
cleanup() {
  if [ -n "$backend_pid" ] && kill -0 "$backend_pid" 2>/dev/null; then
    kill -TERM -- "-$backend_pid" 2>/dev/null || true
    sleep 1
    kill -KILL -- "-$backend_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

say() { printf 'node-only install: %s\n' "$*"; }

# 1. Stubs that make every build tool fail, first on PATH.
mkdir -p "$work/stubs"
for tool in python3 python make cc gcc g++ c++ clang clang++; do
  printf '#!/bin/sh\necho "%s is not available on this machine (node-only install check)" >&2\nexit 1\n' "$tool" \
    >"$work/stubs/$tool"
  chmod +x "$work/stubs/$tool"
done
PATH="$work/stubs:$PATH"
export PATH
for tool in python3 make g++; do
  if "$tool" --version >/dev/null 2>&1; then
    echo "node-only install: the stub for $tool did not shadow the real one" >&2
    exit 1
  fi
done

# 2. A fresh clone of what is committed, bootstrapped as a newcomer would.
git clone --quiet "$ROOT" "$work/clone"
say "bootstrapping a fresh clone with no python, make or C/C++ compiler on PATH"
started=$SECONDS
if ! (cd "$work/clone" && bash scripts/bootstrap.sh) >"$work/bootstrap.log" 2>&1; then
  tail -n 60 "$work/bootstrap.log" >&2
  echo "node-only install: FAILED — the bootstrap needed a build tool (output above)" >&2
  exit 1
fi
# Yarn still runs the postinstall scripts of @swc/core, esbuild and msw
# (they check or copy files their packages ship); nothing may compile.
if grep -qE 'node-gyp|gyp (ERR|info)|(better-sqlite3|ssh2)@npm:[^ ]* must be built' "$work/bootstrap.log"; then
  grep -nE 'node-gyp|gyp (ERR|info)|must be built' "$work/bootstrap.log" >&2
  echo "node-only install: FAILED — yarn still compiles a package (lines above)" >&2
  exit 1
fi
say "bootstrap ok in $((SECONDS - started))s; nothing was compiled"

# 3. The example backend from the clone, on its default SQLite database.
#    Readiness comes only after every plugin started, and the catalog runs
#    its knex migrations on that database while it starts.
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
base="http://localhost:$port"
(
  cd "$work/clone/packages/backend"
  export PATH="$work/clone/.toolchain/bin:$work/clone/.toolchain/node-v$(tr -d '[:space:]' <"$work/clone/.node-version")/bin:$PATH"
  export NODE_ENV=development APP_CONFIG_backend_baseUrl="$base" \
    APP_CONFIG_backend_listen_port="$port" APP_CONFIG_backend_cors_origin="$base"
  exec setsid node ../../node_modules/@backstage/cli/bin/backstage-cli package start
) >"$work/backend.log" 2>&1 &
backend_pid=$!
started=$SECONDS
until curl -fsS "$base/.backstage/health/v1/readiness" >/dev/null 2>&1; do
  if ! kill -0 "$backend_pid" 2>/dev/null || [ $((SECONDS - started)) -gt 240 ]; then
    tail -n 60 "$work/backend.log" >&2
    echo "node-only install: FAILED — the backend did not become ready (output above)" >&2
    exit 1
  fi
  sleep 1
done
say "backend ready on SQLite in $((SECONDS - started))s"
