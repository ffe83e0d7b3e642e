#!/usr/bin/env bash
# The HTTP API's one description is plugins/portolan-backend/src/schema/openapi.yaml.
# This script regenerates everything derived from it, with Backstage's repo
# tooling: the backend's typed router (src/schema/openapi/generated) and the
# client and model types in plugins/portolan-common/src/schema/openapi.
#
# Usage:
#   bash scripts/openapi.sh generate   regenerate after editing openapi.yaml
#   bash scripts/openapi.sh verify     fail when a generated file is stale
#
# The generator (@openapitools/openapi-generator-cli) runs a Java jar: Java 17
# (apt-get install -y openjdk-17-jre-headless) and the jar, which this script
# fetches once from Maven Central with mvn (apt-get install -y maven) into the
# place the npm package looks for it, instead of letting it download on its own.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bootstrap.sh
source scripts/bootstrap.sh >/dev/null

GENERATED=(
  plugins/portolan-backend/src/schema/openapi
  plugins/portolan-common/src/schema/openapi
)

ensure_generator() {
  local version jar
  version="$(node -p "require('./node_modules/@backstage/repo-tools/openapitools.json')['generator-cli'].version")"
  jar="node_modules/@openapitools/openapi-generator-cli/versions/${version}.jar"
  if [[ -s "$jar" ]]; then return; fi
  command -v java >/dev/null || {
    echo "openapi.sh: java is missing: apt-get install -y openjdk-17-jre-headless" >&2
    exit 1
  }
  command -v mvn >/dev/null || {
    echo "openapi.sh: mvn is missing (it fetches openapi-generator-cli ${version}): apt-get install -y maven" >&2
    exit 1
  }
  local tmp
  tmp="$(mktemp -d)"
  mvn -q dependency:copy \
    "-Dartifact=org.openapitools:openapi-generator-cli:${version}" \
    "-DoutputDirectory=${tmp}"
  mkdir -p "$(dirname "$jar")"
  mv "${tmp}/openapi-generator-cli-${version}.jar" "$jar"
  rmdir "$tmp"
}

generate() {
  ensure_generator
  (cd plugins/portolan-backend &&
    ../../node_modules/.bin/backstage-repo-tools package schema openapi generate \
      --server --client-package plugins/portolan-common)
}

case "${1:-}" in
  generate)
    generate
    ;;
  verify)
    generate
    if ! git diff --quiet -- "${GENERATED[@]}" ||
      [[ -n "$(git ls-files --others --exclude-standard -- "${GENERATED[@]}")" ]]; then
      git status --short -- "${GENERATED[@]}" >&2
      echo "openapi.sh: generated files are stale: run 'bash scripts/openapi.sh generate' and commit them" >&2
      exit 1
    fi
    echo "openapi.sh: generated files match src/schema/openapi.yaml"
    ;;
  *)
    echo "usage: bash scripts/openapi.sh generate | verify" >&2
    exit 2
    ;;
esac
