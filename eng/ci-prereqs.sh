#!/usr/bin/env bash
# Prepares a Debian machine for the container-mode, dashboard and packaging tests (.ci/run calls it):
#   1. installs podman, runc, chromium, openssl and python3 (.ci/run reads the TRX reports with it) from Debian when
#      missing (apt-get update first);
#   2. writes eng/.ci-env, to be sourced: CONTAINERS_CONF (eng/podman/containers.conf) and, when no Docker
#      daemon answers, ASPIRE_CONTAINER_RUNTIME=podman;
#   3. builds localhost/libsql-test-server:dev (eng/build-test-server-image.sh; skips when up to date).
# Idempotent: a second run installs nothing and rebuilds nothing.
#
# Usage: bash eng/ci-prereqs.sh && . eng/.ci-env
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '[ci-prereqs] %s\n' "$*" >&2; }

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { say "not root and no sudo: install podman runc chromium openssl python3 yourself"; exit 1; }
  as_root=(sudo)
fi

missing=()
command -v podman >/dev/null || missing+=(podman)
[ -x /usr/sbin/runc ] || command -v runc >/dev/null || missing+=(runc)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null || missing+=(openssl)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
else
  say "podman, runc, chromium, openssl and python3 already installed"
fi

export CONTAINERS_CONF=$root/eng/podman/containers.conf
env_file=$root/eng/.ci-env
{
  echo "# Written by eng/ci-prereqs.sh; source it before running the tests."
  echo "export CONTAINERS_CONF=$CONTAINERS_CONF"
  # Aspire's DCP prefers Docker; with only the docker CLI and no daemon it would wait for it first.
  if ! timeout 10 docker info >/dev/null 2>&1; then
    echo "export ASPIRE_CONTAINER_RUNTIME=podman"
  fi
} >"$env_file"

podman info --format '{{.Host.OCIRuntime.Name}} {{.Host.CgroupsVersion}}' >/dev/null \
  || { say "podman does not answer with $CONTAINERS_CONF"; exit 1; }

bash "$root/eng/build-test-server-image.sh"

say "environment for the tests ($env_file):"
grep '^export' "$env_file" >&2
