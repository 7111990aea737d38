#!/usr/bin/env bash
# Scorecard trends (issue 32): bench/trends.sh [size] [teams]   (default: 100000 entities, 1979 teams,
# which with the organisation and its departments make 2,000 groups)
#
# Generates the catalog, starts the built server on a fresh embedded PostgreSQL with a file source,
# evaluates the built-in production-readiness scorecard once, then runs TrendBench: the daily
# snapshot (REPEATS times, default 5) and, with two years of days copied from it, scorecardTrend by
# day, week and month. Results go to stdout and bench/results/trends-<size>.txt. CDS=1 installs the
# jar with its AOT cache as bench/run.sh does (default 0 here: this measures SQL, not start-up).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-100000}; TEAMS=${2:-1979}; REPEATS=${REPEATS:-5}
export CDS=${CDS:-0}
PORT=18172
. bench/lib.sh
mkdir -p bench/results
JAR=$(install "${BENCH_JAR:-api/target/stagehand.jar}" "$WORK/app")
CAT=$WORK/catalog
# tee through a process substitution, not a pipeline: in a pipeline's subshell the server would
# outlive a failure, out of reach of lib.sh's clean-up
exec > >(tee "bench/results/trends-$SIZE.txt") 2>&1
echo "== trends, $SIZE entities and $TEAMS teams: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), server $JAVA_OPTS"
tool CatalogGenerator "$CAT" "$SIZE" 42 "$TEAMS"
start_file_server "$JAR" "$WORK/trends.log" "$CAT" --stagehand.scorecards.built-in=true
for _ in $(seq 1 1200); do grep -qE 'Source bench: run [0-9]+ (done|failed)' "$WORK/trends.log" && break; sleep 0.5; done
grep -E 'Source bench: run 1' "$WORK/trends.log" | sed 's/.*Source bench: /  /'
t0=$(date +%s%N)
curl -sf -o /dev/null -m 600 "localhost:$PORT/graphql" -H 'content-type: application/json' -H "Authorization: Bearer $BENCH_TOKEN" \
  -d '{"query":"mutation { evaluate { entitiesEvaluated } }"}'
echo "evaluation of every entity: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
PGPORT=$(grep -oE 'Embedded PostgreSQL is listening on port [0-9]+' "$WORK/trends.log" | grep -oE '[0-9]+$')
tool TrendBench "http://localhost:$PORT" "$BENCH_TOKEN" "jdbc:postgresql://localhost:$PGPORT/postgres" "$REPEATS"
stop_server
