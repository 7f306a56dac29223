#!/usr/bin/env bash
# Soak test: a local cluster for N minutes under a stream of jobs while worker JVMs are killed
# (kill -9) and replaced; at the end every job must have succeeded with exactly one result per
# task. Exits 0 when nothing was lost, 1 on any loss or duplicate, 2 when the cluster would not
# start. Runs a private copy of ./tasklane and its jar (under the working directory), so a
# rebuild of the tree meanwhile cannot pull classes out from under the nodes.
#
# Usage: scripts/soak.sh [MINUTES]            (default 3)
# Env:   SOAK_WORKERS     worker JVMs (default 2)
#        SOAK_KILL_EVERY  seconds between two worker kills (default 30)
#        SOAK_DIR         working directory for .tasklane/ (default: a new temp dir, kept)
#        SOAK_DRAIN       seconds to wait for the last jobs after the soak (default 300)
#        scripts/soak.sh --ledger [MINUTES]   LedgerSoakIT for MINUTES (default 10): checked from
#                                             outside with the execution ledger and the journal
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${1:-}" == "--ledger" ]]; then
  cd "$ROOT" || exit 2
  exec ./mvnw -B verify -pl deploy -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false \
    -Dit.test=LedgerSoakIT -Dtasklane.it.soak-seconds=$(( ${2:-10} * 60 ))
fi
MINUTES="${1:-${SOAK_MINUTES:-3}}"
WORKERS="${SOAK_WORKERS:-2}"
KILL_EVERY="${SOAK_KILL_EVERY:-30}"
DRAIN="${SOAK_DRAIN:-300}"
WORK="${SOAK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/tasklane-soak.XXXXXX")}"
mkdir -p "$WORK" && cd "$WORK" || exit 2

log() { printf '%s soak: %s\n' "$(date +%T)" "$*"; }

# The soak runs a private copy of ./tasklane and its jar: a rebuild of the working tree while it
# runs would otherwise pull classes out from under the node JVMs.
[[ -f "$ROOT/deploy/target/tasklane.jar" ]] || "$ROOT/tasklane" --version >/dev/null  # builds it on first use
mkdir -p dist/deploy/target
cp "$ROOT/tasklane" dist/tasklane
TL="$WORK/dist/tasklane"
for attempt in $(seq 1 10); do
  cp "$ROOT/deploy/target/tasklane.jar" dist/deploy/target/tasklane.jar 2>/dev/null \
    && "$TL" --version >/dev/null 2>&1 && break
  (( attempt == 10 )) && { log "cannot take a working copy of $ROOT/deploy/target/tasklane.jar"; exit 2; }
  sleep 5   # a build is writing it right now
done

spawned=()   # pids of the replacement workers this script started
cleanup() {
  log "stopping the cluster"
  "$TL" local down --grace 20 >/dev/null 2>&1
  local pid
  for pid in "${spawned[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 1 20); do
    local alive=0
    for pid in "${spawned[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    (( alive )) || break
    sleep 1
  done
  for pid in "${spawned[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  log "logs and data kept in $WORK/.tasklane"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "working directory $WORK; $WORKERS workers, $MINUTES min, a kill every ~${KILL_EVERY}s"
if ! "$TL" local up --workers "$WORKERS"; then
  log "local up failed"
  exit 2
fi

# The worker pids local up started (cluster.json is pretty-printed: one field per line).
mapfile -t workers < <(awk '/"role"/ {role=$3} /"pid"/ {gsub(/[^0-9]/, "", $3); if (role ~ /worker/) print $3}' .tasklane/cluster.json)
log "workers: ${workers[*]}"

# Writes a job file with a random mix of sleep, sha256 and noop tasks; prints its task count.
make_job() {
  local file="$1" name="$2"
  local naps=$((RANDOM % 200 + 50)) hashes=$((RANDOM % 60 + 20)) echoes=$((RANDOM % 200 + 50))
  local ms=$((RANDOM % 2000 + 200)) iterations=$((RANDOM % 150000 + 20000))
  cat > "$file" <<EOF
{"name": "$name", "defaults": {"timeout": "60s", "retries": 1},
 "tasks": [
   {"id": "nap", "type": "sleep", "repeat": $naps, "input": {"ms": $ms}},
   {"id": "hash", "type": "sha256", "repeat": $hashes, "input": {"iterations": $iterations}},
   {"id": "echo", "type": "noop", "repeat": $echoes, "input": {"v": "\${i}"}}
 ]}
EOF
  echo $((naps + hashes + echoes))
}

# kill -9 a random live worker and start a replacement with the same command line.
kills=0
kill_and_replace() {
  local live=() pid
  for pid in "${workers[@]}"; do kill -0 "$pid" 2>/dev/null && live+=("$pid"); done
  if (( ${#live[@]} == 0 )); then
    log "no live worker to kill"
    return 1
  fi
  local victim="${live[RANDOM % ${#live[@]}]}"
  local command=()
  mapfile -d '' -t command < "/proc/$victim/cmdline"
  kill -KILL "$victim"
  for _ in $(seq 1 50); do kill -0 "$victim" 2>/dev/null || break; sleep 0.1; done
  kills=$((kills + 1))
  "${command[@]}" > ".tasklane/logs/worker-replacement-$kills.log" 2>&1 < /dev/null &
  local replacement=$!
  disown "$replacement" 2>/dev/null
  spawned+=("$replacement")
  local next=()
  for pid in "${workers[@]}"; do [[ "$pid" != "$victim" ]] && next+=("$pid"); done
  workers=("${next[@]}" "$replacement")
  log "kill #$kills: worker $victim killed (-9), replacement $replacement started"
}

mkdir -p jobs
job_ids=()
declare -A expected
submit_failures=0
jobs_submitted=0
tasks_submitted=0
end=$((SECONDS + MINUTES * 60))
next_kill=$((SECONDS + KILL_EVERY))
while (( SECONDS < end )); do
  if (( SECONDS >= next_kill )); then
    kill_and_replace
    next_kill=$((SECONDS + KILL_EVERY + RANDOM % 7 - 3))
  fi
  n=$((jobs_submitted + 1))
  total="$(make_job "jobs/job-$n.json" "soak-$n")"
  if id="$("$TL" submit "jobs/job-$n.json" -q 2> "jobs/job-$n.err")" && [[ -n "$id" ]]; then
    job_ids+=("$id")
    expected["$id"]="$total"
    tasks_submitted=$((tasks_submitted + total))
  else
    submit_failures=$((submit_failures + 1))
    log "submit of jobs/job-$n.json failed: $(tr '\n' ' ' < "jobs/job-$n.err")"
  fi
  jobs_submitted=$n
  sleep 2
done
log "soak over: ${#job_ids[@]} jobs ($tasks_submitted tasks) accepted, $submit_failures submissions failed, $kills workers killed and replaced"

log "waiting up to ${DRAIN}s for the running jobs to end"
drain_end=$((SECONDS + DRAIN))
while :; do
  running="$("$TL" jobs --state running -o json 2>/dev/null | grep -o '"id":"[^"]*"' | wc -l)"
  if [[ "$running" == 0 ]]; then
    break
  fi
  if (( SECONDS >= drain_end )); then
    log "$running job(s) still running after ${DRAIN}s"
    break
  fi
  sleep 3
done

# One listing for every job's state and size, then each job's results.
"$TL" jobs --limit 1000000 -o json > jobs/all.json 2> jobs/all.err
bad=0
lost_tasks=0
duplicates=0
for id in "${job_ids[@]}"; do
  want="${expected[$id]}"
  entry="$(grep -o "{\"id\":\"$id\"[^{}]*}" jobs/all.json)"
  state="$(grep -o '"state":"[^"]*"' <<< "$entry" | head -1 | cut -d'"' -f4)"
  total="$(grep -o '"total":[0-9]*' <<< "$entry" | head -1 | cut -d: -f2)"
  "$TL" results "$id" -o json > "jobs/$id.results" 2> "jobs/$id.results.err"
  lines="$(grep -c '^{' "jobs/$id.results")"
  succeeded="$(grep -c '"status":"succeeded"' "jobs/$id.results")"
  unique="$(grep -o '^{"id":"[^"]*"' "jobs/$id.results" | sort -u | wc -l)"
  dups=$((lines - unique))
  if [[ "$state" != "succeeded" || "$total" != "$want" || "$lines" != "$want" || "$unique" != "$want" \
        || "$succeeded" != "$want" ]]; then
    bad=$((bad + 1))
    lost_tasks=$((lost_tasks + (want > unique ? want - unique : 0)))
    duplicates=$((duplicates + dups))
    log "JOB $id: state=$state total=$total expected=$want results=$lines unique=$unique succeeded=$succeeded"
  fi
done
# How much work the kills really interrupted (informational, from the coordinator's log).
requeued="$(grep -ho 'tasks in flight on lost worker' .tasklane/logs/coordinator*.log 2>/dev/null | wc -l)"
requeued_tasks="$(grep -ho '[0-9]* tasks in flight on lost worker' .tasklane/logs/coordinator*.log 2>/dev/null \
  | awk '{n += $1} END {print n + 0}')"

echo
echo "== soak summary ($WORK)"
echo "duration:           $MINUTES min, $WORKERS workers"
echo "workers killed:     $kills (each replaced); tasks in flight on them queued again: $requeued_tasks (in $requeued batches)"
echo "jobs submitted:     ${#job_ids[@]} ($tasks_submitted tasks); failed submissions: $submit_failures"
echo "jobs not whole:     $bad (tasks missing: $lost_tasks, duplicate results: $duplicates)"
if (( bad > 0 || submit_failures > 0 || ${#job_ids[@]} == 0 )); then
  echo "RESULT: FAIL"
  exit 1
fi
echo "RESULT: OK — every task of every job has exactly one result, all succeeded"
