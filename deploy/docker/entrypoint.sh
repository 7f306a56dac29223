#!/usr/bin/env bash
# The Tasklane image's entrypoint (deploy/Dockerfile, docs/deploy.md).
#
#   entrypoint.sh coordinator|worker [OPTION...]  run a node: work out the address it advertises,
#                                                 note where its health endpoints are, exec the launcher
#   entrypoint.sh healthcheck [live|ready]        probe that node (the image's HEALTHCHECK)
#   entrypoint.sh ANYTHING ELSE                   the tasklane command as it is (cluster, certs init, ...)
#
# Why the address: a node advertises --host (TASKLANE_HOST) to its peers, and in a container the
# obvious name, the container id, is a hostname that no other container can resolve. Left unset
# (or "auto"), TASKLANE_HOST becomes this container's own IP address, which every peer on the
# network reaches. A name (a compose service, a StatefulSet pod's DNS name) is kept, and waited
# for until it resolves: the DNS record of a pod that just started may lag behind it.
set -euo pipefail

LAUNCHER="${TASKLANE_LAUNCHER:-/opt/tasklane/tasklane}"
# Where the node notes its health URL for the HEALTHCHECK, which runs as a separate process.
HEALTH_FILE="${TASKLANE_RUN_DIR:-/tmp}/tasklane-health-url"
# How long to wait for a TASKLANE_HOST name to resolve before starting anyway (the node then says why it cannot bind).
WAIT_FOR_HOST="${TASKLANE_WAIT_FOR_HOST:-120}"

say() { echo "tasklane entrypoint: $*" >&2; }

# This container's address: the first IPv4 address its hostname resolves to (Docker and
# Kubernetes write it to /etc/hosts), else any non-loopback one, else the interfaces' first.
container_address() {
  local candidates address fallback=""
  candidates="$(hostname -i 2>/dev/null || true) $(hostname -I 2>/dev/null || true)"
  for address in $candidates; do
    case "$address" in
      127.*|::1|fe80:*|"") continue ;;
      *.*.*.*) echo "$address"; return 0 ;;
      *) [[ -z "$fallback" ]] && fallback="$address" ;;
    esac
  done
  [[ -n "$fallback" ]] && { echo "$fallback"; return 0; }
  return 1
}

is_ip() { [[ "$1" =~ ^[0-9]+(\.[0-9]+){3}$ || "$1" == *:* ]]; }

wait_until_resolvable() {
  local name="$1" waited=0
  until getent hosts "$name" >/dev/null 2>&1; do
    if (( waited >= WAIT_FOR_HOST )); then
      say "$name does not resolve after ${WAIT_FOR_HOST}s (TASKLANE_WAIT_FOR_HOST); starting anyway"
      return 0
    fi
    (( waited == 0 )) && say "waiting for $name (TASKLANE_HOST) to resolve"
    sleep 1
    waited=$((waited + 1))
  done
}

# The value of option $1 in the remaining arguments (--opt VALUE or --opt=VALUE), else nothing.
option_value() {
  local name="$1"; shift
  while (( $# > 0 )); do
    case "$1" in
      "$name") echo "${2:-}"; return 0 ;;
      "$name"=*) echo "${1#*=}"; return 0 ;;
    esac
    shift
  done
}

run_node() {
  local role="$1" host tls port scheme
  host="$(option_value --host "$@")"
  if [[ -z "$host" ]]; then
    host="${TASKLANE_HOST:-auto}"
    if [[ "$host" == "auto" ]]; then
      host="$(container_address)" || {
        say "cannot work out this container's address (hostname -i and -I gave none): set TASKLANE_HOST"
        exit 2
      }
      say "advertising this container's address $host (TASKLANE_HOST)"
    fi
    export TASKLANE_HOST="$host"
  fi
  is_ip "$host" || wait_until_resolvable "$host"

  tls="$(option_value --tls-dir "$@")"
  tls="${tls:-${TASKLANE_TLS_DIR:-}}"
  scheme=$([[ -n "$tls" ]] && echo https || echo http)
  if [[ "$role" == coordinator ]]; then
    port="$(option_value --http-port "$@")"
    port="${port:-${TASKLANE_HTTP_PORT:-8080}}"
  else
    port="$(option_value --health-port "$@")"
    port="${port:-${TASKLANE_HEALTH_PORT:-}}"
  fi
  [[ "$host" == *:* ]] && host="[$host]"
  if [[ -n "$port" ]]; then
    echo "$scheme://$host:$port" > "$HEALTH_FILE" || say "cannot write $HEALTH_FILE: the HEALTHCHECK will fail"
  else
    echo "none" > "$HEALTH_FILE" || true
  fi
  exec "$LAUNCHER" "$@"
}

healthcheck() {
  local which="${1:-live}" base
  case "$which" in
    live|ready) ;;
    *) say "healthcheck takes live or ready, not '$which'"; exit 2 ;;
  esac
  if [[ ! -s "$HEALTH_FILE" ]]; then
    say "no node started in this container yet ($HEALTH_FILE is missing)"
    exit 1
  fi
  base="$(cat "$HEALTH_FILE")"
  if [[ "$base" == none ]]; then
    echo "no health port (a worker without --health-port / TASKLANE_HEALTH_PORT): nothing to probe"
    exit 0
  fi
  # --insecure: the probe checks that the node answers, not who it is (clients check with --ca-file).
  exec curl --fail --silent --show-error --insecure --max-time 4 "$base/health/$which"
}

case "${1:-}" in
  coordinator|worker) run_node "$@" ;;
  healthcheck) shift; healthcheck "$@" ;;
  *) exec "$LAUNCHER" "$@" ;;
esac
