#!/usr/bin/env bash
# The API fuzz gate: schemathesis (pinned, in the repo's own venv, see
# scripts/schemathesis.sh) against the example backend on the demo clusters
# (test/fuzz/apiFuzz.sh starts it and stops it), from the OpenAPI spec, with
# the Backstage error-body check. Bounded for CI: MAX_EXAMPLES per operation
# (default 10). Without Python/pip/network it says SKIPPED, except under
# CI=true, where it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! bin=$(bash scripts/schemathesis.sh); then
  if [ "${CI:-}" = "true" ]; then
    echo "api-fuzz: schemathesis could not be installed; failing under CI=true" >&2
    exit 1
  fi
  echo "api-fuzz: SKIPPED (schemathesis could not be installed; CI=true makes this fail)"
  exit 0
fi
PATH="$bin:$PATH" MAX_EXAMPLES="${MAX_EXAMPLES:-10}" exec bash test/fuzz/apiFuzz.sh
