#!/usr/bin/env bash
# Runs the example against the local cluster of the working directory (`./tasklane local up`
# first), or the one TASKLANE_SERVER / TASKLANE_TOKEN name. Build it before:
#   ./mvnw -f examples/java-client/pom.xml package
set -euo pipefail
jar="$(cd "$(dirname "$0")" && pwd)/target/example.jar"
if [[ ! -f "$jar" ]]; then
  echo "no $jar: build it first with ./mvnw -f examples/java-client/pom.xml package" >&2
  exit 2
fi
java_bin="java"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java_bin="$JAVA_HOME/bin/java"
fi
exec "$java_bin" -jar "$jar" "$@"
