#!/usr/bin/env bash
# Every quality gate, in order of cost; stops at the first failure and exits non-zero.
# Called by `./portolan test` after the bootstrap (so node/yarn are Node 24/Yarn 4).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each jest run writes its results here; the last step adds them up into one
# closing line (`tests: N passed, N failed, N skipped`), also written to
# $PORTOLAN_TEST_SUMMARY when set (.ci/run prints it last).
export PORTOLAN_TEST_RESULTS="${PORTOLAN_TEST_RESULTS:-$(mktemp -d)}"
rm -f "$PORTOLAN_TEST_RESULTS"/*.json

gate() {
  local name="$1"
  shift
  printf '\n\033[1m== %s ==\033[0m\n' "$name"
  local start=$SECONDS
  "$@"
  printf '\033[1m== %s: ok (%ss) ==\033[0m\n' "$name" $((SECONDS - start))
}

gate "typescript" yarn tsc
# The API has one description, src/schema/openapi.yaml; the typed router and
# the client generated from it must be current (Java + Maven fetch the generator once).
gate "openapi (generated files current)" bash scripts/openapi.sh verify
gate "prettier" yarn prettier:check
gate "lint" yarn lint:all
# CI=true: without it the Backstage CLI runs jest in watch mode on changed files only.
gate "tests" env CI=true yarn test:all --json --outputFile="$PORTOLAN_TEST_RESULTS/tests.json"
# The API fuzz: schemathesis from the OpenAPI spec against the example
# backend on the demo clusters (no 5xx, every 4xx a Backstage error body);
# installs schemathesis into .toolchain/ (pip); fails without it under CI=true.
gate "api fuzz (schemathesis)" bash scripts/api-fuzz.sh
# The real kube-apiserver + etcd tests (*.real.test.ts): builds the Go
# binaries when missing; says SKIPPED without Go, fails without Go under CI=true.
gate "real-cluster tests" bash scripts/test-real.sh
# The README's promise that only Node.js and npm are needed: a fresh clone
# bootstraps with python, make and the C/C++ compilers shadowed by failing
# stubs, then the backend starts on SQLite.
gate "node-only install" bash scripts/check-node-only-install.sh
# The benchmark harness at its smallest profile, so it never rots: it prints
# figures and fails only if the harness itself breaks (figures are not judged).
gate "bench (smoke)" yarn bench --profile smoke --out "${TMPDIR:-/tmp}/portolan-bench-smoke"

# One closing line for every jest run above (fails if none ran a test).
if [ -n "${PORTOLAN_TEST_SUMMARY:-}" ]; then
  node scripts/test-summary.mjs "$PORTOLAN_TEST_RESULTS" | tee "$PORTOLAN_TEST_SUMMARY"
else
  node scripts/test-summary.mjs "$PORTOLAN_TEST_RESULTS"
fi
