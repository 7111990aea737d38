#!/usr/bin/env bash
# Scorecard campaigns (issue 32): bench/campaigns.sh [size] [teams]   (default: 100000 entities, 1979
# teams, which with the organisation and its departments make 2,000 groups)
#
# Generates the catalog, starts the built server on a fresh embedded PostgreSQL with a file source
# and a bench scorecard that applies to every entity (two checks on the descriptor, so evaluation
# needs no fact source) with two campaigns, one of the whole scorecard by level and one of its
# components by check, evaluates once, then asks `campaign` for each one's progress, and for its
# progress per owning group (2,000 groups, sub-groups rolled up), REPEATS times each (default 20),
# one client, and takes the daily snapshot (which counts both campaigns) REPEATS/4 times. Results go to stdout and bench/results/campaigns-<size>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-100000}; TEAMS=${2:-1979}; REPEATS=${REPEATS:-20}
export CDS=${CDS:-0}
PORT=18173
. bench/lib.sh
mkdir -p bench/results
JAR=$(install "${BENCH_JAR:-api/target/stagehand.jar}" "$WORK/app")
CAT=$WORK/catalog
exec > >(tee "bench/results/campaigns-$SIZE.txt") 2>&1
echo "== campaigns, $SIZE entities and $TEAMS teams: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), server $JAVA_OPTS"
tool CatalogGenerator "$CAT" "$SIZE" 42 "$TEAMS"
mkdir -p "$WORK/definitions"
cat > "$WORK/definitions/bench.yaml" <<'YAML'
kind: Scorecard
metadata: {name: basics}
spec:
  levels: [bronze, silver]
  checks:
    - {id: owned, weight: high, level: bronze, rule: {fact: entity.spec.owner, operator: exists}}
    - {id: described, weight: low, level: silver, rule: {fact: entity.metadata.description, operator: exists}}
---
kind: Campaign
metadata: {name: silver-everywhere}
spec: {scorecard: basics, targetLevel: silver, startDate: 2026-01-01, targetDate: 2099-12-31}
---
kind: Campaign
metadata: {name: documented-components}
spec: {scorecard: basics, checks: [described], appliesTo: {filter: {kind: component}}, startDate: 2026-01-01, targetDate: 2099-12-31}
YAML
start_file_server "$JAR" "$WORK/campaigns.log" "$CAT" --stagehand.scorecards.built-in=false \
  --stagehand.scorecards.paths[0]="$WORK/definitions" --stagehand.api.request-timeout=PT10M
for _ in $(seq 1 1200); do grep -qE 'Source bench: run [0-9]+ (done|failed)' "$WORK/campaigns.log" && break; sleep 0.5; done
grep -E 'Source bench: run 1' "$WORK/campaigns.log" | sed 's/.*Source bench: /  /'
ask() {
  curl -sf -m 600 -o "$WORK/answer.json" -w '%{time_total}\n' "localhost:$PORT/graphql" -H 'content-type: application/json' \
    -H "Authorization: Bearer $BENCH_TOKEN" -d "{\"query\":\"$1\"}"
}
echo "evaluation of every entity: $(ask 'mutation { evaluate { entitiesEvaluated } }') s; $(cat "$WORK/answer.json")"
# time_total in seconds; printed as milliseconds, p50 and p95 of the runs
report() {
  sort -n | awk -v name="$1" '{a[NR]=$1*1000} END {printf "%s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d runs)\n", name,
    a[int((NR+1)/2)], a[int(NR*0.95+0.999)], a[NR], NR}'
}
for name in silver-everywhere documented-components; do
  ask "{ campaign(name: \\\"$name\\\") { progress { done total } } }" > /dev/null
  echo "$name: $(cat "$WORK/answer.json")"
  for _ in $(seq 1 "$REPEATS"); do ask "{ campaign(name: \\\"$name\\\") { status progress { done total ratio } } }"; done \
    | report "$name progress"
  ask "{ campaign(name: \\\"$name\\\") { byOwner { group } } }" > /dev/null
  echo "$name: groups in byOwner: $(grep -o '"group"' "$WORK/answer.json" | wc -l)"
  for _ in $(seq 1 "$REPEATS"); do ask "{ campaign(name: \\\"$name\\\") { progress { done total } byOwner { group done total } } }"; done \
    | report "$name progress and byOwner"
done
for _ in $(seq 1 $(( REPEATS / 4 ))); do ask 'mutation { snapshotScorecardTrends { rows } }'; done \
  | report "daily snapshot with both campaigns (snapshotScorecardTrends)"
stop_server
