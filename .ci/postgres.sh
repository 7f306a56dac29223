#!/usr/bin/env bash
# Installs (from Debian's packages) and starts PostgreSQL on 127.0.0.1:5432 for the tests that
# run several coordinators on one journal, with database and user "tasklane" (password
# "tasklane"). Prints the environment the tests read. Idempotent.
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "CI: installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start >&2
  # started here: the caller stops it when it is done (.ci/run does)
  echo "export TASKLANE_CI_PG_STOP=\"pg_ctlcluster $version main stop\""
fi

for _ in $(seq 1 30); do
  su postgres -c "psql -tAc 'SELECT 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='tasklane'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE USER tasklane PASSWORD 'tasklane' CREATEDB\"" >&2
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='tasklane'\"" | grep -q 1 \
  || su postgres -c "createdb -O tasklane tasklane" >&2

echo "export TASKLANE_TEST_PG_URL=jdbc:postgresql://127.0.0.1:5432/tasklane"
echo "export TASKLANE_TEST_PG_USER=tasklane"
echo "export TASKLANE_TEST_PG_PASSWORD=tasklane"
