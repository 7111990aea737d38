#!/usr/bin/env bash
# Soak under faults: bench/soak.sh [size] (default 2000 entities), bounded by DURATION seconds (default 120).
#
# Starts the built server on a fresh embedded PostgreSQL with a generated catalog as a file source that
# refreshes every 5 s, then for DURATION seconds: one client sends a mix of queries (entity, filtered
# list, graph walk, sources) back to back; every 15 s 1% of the component files change; at a third and
# at two thirds of the time the embedded PostgreSQL is killed (SIGKILL to its postmaster), and
# Stagehand starts it again by itself. Reports the queries sent and failed (in and out of the
# outages), the entities lost (the catalog's count at the end against the count before the first
# kill; must be 0), and the recovery time: from the database accepting connections again to the
# server answering an uncached query (must be within 10 s). Needs curl. Results: stdout and
# bench/results/soak.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-2000}; DURATION=${DURATION:-120}; PORT=${PORT:-18172}
. bench/lib.sh
mkdir -p bench/results
CAT=$WORK/catalog
tool CatalogGenerator "$CAT" "$SIZE" 42 > /dev/null
LOG=$WORK/server.log
CDS=0 start_server api/target/stagehand.jar "$LOG" --stagehand.sources[0].name=bench --stagehand.sources[0].type=file \
  --stagehand.sources[0].path="$CAT" --stagehand.sources[0].glob=catalog-info.yaml --stagehand.sources[0].refresh=PT5S

gql() { curl -s -m 30 "localhost:$PORT/graphql" -H 'content-type: application/json' -d "$1"; }
# an uncached count: the text filter differs on every call
count() { gql "{\"query\":\"{ entities(filter: {text: \\\"component-$RANDOM\\\"}) { totalCount } }\"}" | grep -oE '"totalCount":[0-9]+' | grep -oE '[0-9]+'; }
now() { date +%s.%N; }
for _ in $(seq 1 600); do grep -q 'Source bench: run' "$LOG" && break; sleep 0.5; done
grep -q 'Source bench: run' "$LOG" || { echo "no run finished; see the log:"; tail -30 "$LOG"; exit 1; }
BEFORE=$(gql '{"query":"{ entities { totalCount } }"}' | grep -oE '[0-9]+' | head -1)

QUERIES=(
  '{"query":"{ entity(ref: \"component:default/component-1\") { ref relations { type targetRef } } }"}'
  '{"query":"{ entities(filter: {kind: [\"Component\"]}, first: 50) { totalCount nodes { ref } } }"}'
  '{"query":"{ graph(roots: [\"component:default/component-1\"], direction: BOTH, maxDepth: 3, maxNodes: 200) { truncated nodes { ref } } }"}'
  '{"query":"{ sources { name state lastSuccessAt } }"}'
)
# the query client: one line per query, "<time> ok|failed"
( end=$(( $(date +%s) + DURATION )); i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    body=${QUERIES[$((i % ${#QUERIES[@]}))]}; i=$((i + 1))
    if gql "$body" | grep -q '"data":{"[a-z]*":[{\[]'; then echo "$(now) ok"; else echo "$(now) failed"; fi
  done ) > "$WORK/queries.txt" &
CLIENT=$!

# kill_database: SIGKILL to the postmaster; prints the seconds from the database's return to the first answered uncached query
# (it runs in a subshell: the outage's times go to a file)
kill_database() {
  local pid port killed back answered
  pid=$(head -1 "$WORK/pg/postmaster.pid"); port=$(sed -n 4p "$WORK/pg/postmaster.pid")
  killed=$(now); kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.05; done
  back=$(now)
  while [ -z "$(count)" ]; do sleep 0.05; done
  answered=$(now)
  echo "killed at +$(awk -v a="$killed" -v s="$START" 'BEGIN {printf "%.0f", a - s}') s, database back after $(awk -v a="$back" -v b="$killed" 'BEGIN {printf "%.1f", a - b}') s, answering $(awk -v a="$answered" -v b="$back" 'BEGIN {printf "%.1f", a - b}') s after that"
  echo "$killed $answered" >> "$WORK/outages.txt"
}
START=$(now); EVENTS=(); : > "$WORK/outages.txt"
for second in $(seq 1 "$DURATION"); do
  sleep 1
  [ $((second % 15)) = 0 ] && tool ChangeFiles "$CAT" 1 "soak-$second" > /dev/null
  if [ "$second" = $((DURATION / 3)) ] || [ "$second" = $((2 * DURATION / 3)) ]; then EVENTS+=("$(kill_database)"); fi
done
wait "$CLIENT" || true
# one more complete run after the last change, then the count
sleep 6
curl -s -m 30 "localhost:$PORT/graphql" -H 'content-type: application/json' -H "Authorization: Bearer $BENCH_TOKEN" \
  -d '{"query":"mutation { refreshSource(name: \"bench\") { status } }"}' > "$WORK/last-run.json"
AFTER=$(gql '{"query":"{ entities { totalCount } }"}' | grep -oE '[0-9]+' | head -1)

TOTAL=$(wc -l < "$WORK/queries.txt"); FAILED=$(grep -c failed "$WORK/queries.txt" || true)
IN_OUTAGE=0
while read -r from to; do
  # a query ends up to its 30 s timeout after it was sent: one that failed then was sent during the outage
  IN_OUTAGE=$((IN_OUTAGE + $(awk -v f="$from" -v t="$to" '$2 == "failed" && $1 >= f && $1 <= t + 30' "$WORK/queries.txt" | wc -l)))
done < "$WORK/outages.txt"
{
  echo "== soak: $SIZE entities, ${DURATION} s, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  for e in "${EVENTS[@]}"; do echo "database $e"; done
  echo "queries: $TOTAL sent, $FAILED failed ($IN_OUTAGE of them ended during an outage or up to 30 s after it)"
  echo "failed queries ended at: $(awk -v s="$START" '$2 == "failed" {printf "+%.1f s ", $1 - s}' "$WORK/queries.txt")"
  echo "entities: $BEFORE before, $AFTER after, lost: $((BEFORE - AFTER))"
  echo "last run: $(cat "$WORK/last-run.json")"
  echo "server log: $(grep -c 'Exception' "$LOG" || true) lines naming an exception, $(wc -c < "$LOG") bytes"
} | tee bench/results/soak.txt
