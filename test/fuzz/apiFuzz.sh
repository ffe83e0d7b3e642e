#!/usr/bin/env bash
# API fuzz run: starts the example backend on the demo config (as
# `./portolan start` does), signs in as the guest, and runs schemathesis over
# plugins/portolan-backend/src/schema/openapi.yaml against it. Fails on any
# 5xx (not_a_server_error) and on any 4xx without a Backstage error body
# (backstage_checks.py). Needs `pip install schemathesis` (fails loudly
# without it). Bounded: MAX_EXAMPLES per operation (default 25). Stops the
# backend it started, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
command -v schemathesis >/dev/null || {
  echo "apiFuzz: schemathesis is not installed (pip install schemathesis)" >&2
  exit 1
}
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url="http://localhost:$port"
log=$(mktemp)
(
  cd packages/backend
  APP_CONFIG_backend_baseUrl="$url" APP_CONFIG_backend_listen_port="$port" \
    APP_CONFIG_backend_cors_origin="$url" NODE_ENV=development \
    exec setsid node "$root/node_modules/@backstage/cli/bin/backstage-cli" package start \
    --config "$root/app-config.yaml" --config "$root/app-config.demo.yaml"
) >"$log" 2>&1 &
backend=$!
stop() { kill -TERM -- "-$backend" 2>/dev/null || kill -TERM "$backend" 2>/dev/null || true; wait "$backend" 2>/dev/null || true; rm -f "$log"; }
trap stop EXIT
for _ in $(seq 1 180); do
  curl -fs "$url/.backstage/health/v1/readiness" >/dev/null 2>&1 && break
  kill -0 "$backend" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
curl -fs "$url/.backstage/health/v1/readiness" >/dev/null || { echo "apiFuzz: backend not ready"; tail -50 "$log"; exit 1; }
token=$(curl -fs -H 'X-Requested-With: XMLHttpRequest' "$url/api/auth/guest/refresh" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).backstageIdentity.token))')
SCHEMATHESIS_HOOKS=backstage_checks PYTHONPATH="$root/test/fuzz" \
  schemathesis run plugins/portolan-backend/src/schema/openapi.yaml \
  --url "$url/api/portolan" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,backstage_error_body \
  --max-examples "${MAX_EXAMPLES:-25}" \
  --request-timeout 30 \
  --no-color 2>&1 |
  # schemathesis closes on a pytest-style banner ("=== 3 warnings in 8.34s ===")
  # that reads as a pytest run of no test: print its banners unframed.
  sed -E "s/^=+ (.*[^ =]) =+$/schemathesis: \1/"
