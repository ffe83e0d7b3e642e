#!/usr/bin/env bash
# Every quality gate; exits non-zero when any fails, after the gates running
# beside it have finished. Called by `./portolan test` after the bootstrap
# (so node/yarn are Node 24/Yarn 4).
#
# On 2 cores the gates overlap where one waits on I/O or on a single core:
#   1. node-only install (a clone of HEAD) ‖ the real kube-apiserver/etcd
#      build (Go; only links when its cache is warm), both in the background
#      until they are needed, beside: openapi, then typescript ‖ prettier
#   2. lint
#   3. tests (jest, both cores)
#   4. real-cluster tests ‖ api fuzz + bench smoke
# A gate running beside others writes its output to a file that is printed
# whole when it ends, so the log still reads one gate at a time.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each jest run writes its results here; the last step adds them up into one
# closing line (`tests: N passed, N failed, N skipped`), also written to
# $PORTOLAN_TEST_SUMMARY when set (.ci/run prints it last).
export PORTOLAN_TEST_RESULTS="${PORTOLAN_TEST_RESULTS:-$(mktemp -d)}"
rm -f "$PORTOLAN_TEST_RESULTS"/*.json
logs="$(mktemp -d)"
started_all=$SECONDS
# Each background gate gets its own process group (job control), so a gate
# that fails first takes the ones still running beside it down with it.
set -m
declare -A pids=()
stop_background() {
  local pid
  for pid in "${pids[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
}
trap stop_background EXIT

gate() {
  local name="$1"
  shift
  printf '\n\033[1m== %s ==\033[0m\n' "$name"
  local start=$SECONDS
  "$@"
  printf '\033[1m== %s: ok (%ss) ==\033[0m\n' "$name" $((SECONDS - start))
}

# Starts a gate in the background; `await` prints its output and result.
background() {
  local name="$1"
  shift
  local log="$logs/${name//[^a-z0-9]/-}"
  (
    set +e
    start=$SECONDS
    "$@" >"$log.out" 2>&1
    echo "$? $((SECONDS - start))" >"$log.rc"
  ) &
  pids[$name]=$!
}
failed=()
await() {
  local name="$1"
  local log="$logs/${name//[^a-z0-9]/-}"
  wait "${pids[$name]}" || true
  unset "pids[$name]"
  printf '\n\033[1m== %s (ran beside other gates) ==\033[0m\n' "$name"
  cat "$log.out"
  local rc seconds
  read -r rc seconds <"$log.rc"
  if [ "$rc" = 0 ]; then
    printf '\033[1m== %s: ok (%ss) ==\033[0m\n' "$name" "$seconds"
  else
    printf '\033[1m== %s: FAILED with exit %s (%ss) ==\033[0m\n' "$name" "$rc" "$seconds"
    failed+=("$name")
  fi
}
stop_if_failed() {
  if [ "${#failed[@]}" -gt 0 ]; then
    printf '\n\033[1mFAILED: %s\033[0m\n' "${failed[*]}" >&2
    exit 1
  fi
}

# 1. Single-core and I/O-bound gates side by side.
# The README's promise that only Node.js and npm are needed: a fresh clone
# bootstraps with python, make and the C/C++ compilers shadowed by failing
# stubs, then the backend starts on SQLite.
background "node-only install" bash scripts/check-node-only-install.sh
# The real kube-apiserver + etcd (cached; ~7 min of Go build on a fresh
# machine, overlapping everything up to the real-cluster tests). Without Go
# test-real.sh says SKIPPED (fails under CI=true); nothing to build here then.
if command -v go >/dev/null 2>&1; then
  background "kube-apiserver + etcd build" bash scripts/build-kube-real.sh
fi
# The API has one description, src/schema/openapi.yaml; the typed router and
# the client generated from it must be current (Java + Maven fetch the
# generator once). It rewrites the generated files, so nothing that reads
# the work tree runs beside it.
gate "openapi (generated files current)" bash scripts/openapi.sh verify
background "prettier" yarn prettier:check
gate "typescript" yarn tsc
await "prettier"
stop_if_failed

# 2.
gate "lint" yarn lint:all

# 3. CI=true: without it the Backstage CLI runs jest in watch mode on changed files only.
gate "tests" env CI=true yarn test:all --json --outputFile="$PORTOLAN_TEST_RESULTS/tests.json"
await "node-only install"
stop_if_failed

# 4. The real kube-apiserver + etcd tests (*.real.test.ts), beside the API
# fuzz and the bench smoke (the bench's figures are not judged here).
if [ -n "${pids["kube-apiserver + etcd build"]:-}" ]; then
  await "kube-apiserver + etcd build"
  stop_if_failed
fi
background "real-cluster tests" bash scripts/test-real.sh
# The API fuzz: schemathesis from the OpenAPI spec against the example
# backend on the demo clusters (no 5xx, every 4xx a Backstage error body);
# installs schemathesis into .toolchain/ (pip); fails without it under CI=true.
gate "api fuzz (schemathesis)" bash scripts/api-fuzz.sh
# The benchmark harness at its smallest profile, so it never rots: it prints
# figures and fails only if the harness itself breaks (figures are not judged).
gate "bench (smoke)" yarn bench --profile smoke --out "${TMPDIR:-/tmp}/portolan-bench-smoke"
await "real-cluster tests"
stop_if_failed

printf '\nall gates passed in %ss\n' $((SECONDS - started_all))
# One closing line for every jest run above (fails if none ran a test).
if [ -n "${PORTOLAN_TEST_SUMMARY:-}" ]; then
  node scripts/test-summary.mjs "$PORTOLAN_TEST_RESULTS" | tee "$PORTOLAN_TEST_SUMMARY"
else
  node scripts/test-summary.mjs "$PORTOLAN_TEST_RESULTS"
fi
