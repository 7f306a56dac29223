#!/usr/bin/env bash
# Installs (from Debian's packages, quietly, only what is missing) the offline tools the deploy
# files' tests need: kubectl (`kubectl kustomize deploy/k8s`) and docker-compose
# (`docker-compose -f deploy/compose.yaml config`). No container engine or cluster is used.
# Idempotent. The tests fail, not skip, without them (deploy/src/test/java/io/tasklane/deploy).
set -euo pipefail

missing=()
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if (( ${#missing[@]} > 0 )); then
  echo "CI: installing ${missing[*]} from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
