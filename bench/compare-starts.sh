#!/usr/bin/env bash
# Compares how two builds start as a user starts them: bench/compare-starts.sh <jar-a> <jar-b> [size] [rounds]
#
# Each jar runs as `java -jar <jar>` with no JVM flag (the launcher picks the heap, and on JDK 25 the
# AOT cache the build put beside the jar), on the file source of run.sh over a generated catalog
# (default 10000 entities, seed 42). First the first start of each jar (for a jar of the earlier
# launcher, with its launch cache empty), then <rounds> rounds (default 5) of: a on a fresh data
# folder, b on a fresh data folder, a on the folder of its last start, b on its own; so both sides
# see the same state of the machine. Per start, the milliseconds from launching java to the first
# HTTP answer and to the first run's commit (every entity served with its relations), then the
# medians; the last start of each side records the start-up timeline (--stagehand.startup-timeline).
# JAVA_A and JAVA_B name the java binary of each side (default: java on the PATH).
# Copy the builds aside first, with what the build put beside them, e.g.
#   cp -a api/target/stagehand.jar api/target/stagehand /tmp/after/
set -euo pipefail
cd "$(dirname "$0")/.."
A=$(realpath "$1"); B=$(realpath "$2"); SIZE=${3:-10000}; ROUNDS=${4:-5}
JAVA_A=${JAVA_A:-java}; JAVA_B=${JAVA_B:-java}
PORT=18173
. bench/lib.sh
tool CatalogGenerator "$WORK/catalog" "$SIZE" 42 > /dev/null
export STAGEHAND_LAUNCH_CACHE="$WORK/launch-cache"

# start <side> <java> <jar> [server arguments...]: sets RESULT to "<first answer ms> <every entity ms>" and leaves the server
# running (not in a subshell: it sets SERVER)
start() {
  local side=$1 java=$2 jar=$3; shift 3
  local t0 first="" now log="$WORK/$side.log"
  t0=$(date +%s%N)
  env -u MALLOC_ARENA_MAX "$java" -jar "$jar" --server.port=$PORT --stagehand.demo.enabled=false \
    --stagehand.embedded.data-dir="$WORK/pg-$side" --stagehand.git-cache="$WORK/git-$side" --logging.level.io.stagehand.catalog.ingest=INFO \
    --stagehand.sources[0].name=bench --stagehand.sources[0].type=file --stagehand.sources[0].path="$WORK/catalog" \
    --stagehand.sources[0].glob=catalog-info.yaml --stagehand.sources[0].refresh=PT24H --stagehand.scorecards.schedule=false "$@" > "$log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 6000); do
    now=$(date +%s%N)
    [ -z "$first" ] && curl -s -o /dev/null -m 1 "localhost:$PORT/actuator/health/liveness" && first=$(( (now - t0) / 1000000 ))
    if grep -qE 'Source bench: run [0-9]+ (done|failed)' "$log"; then RESULT="$first $(( (now - t0) / 1000000 ))"; return; fi
    kill -0 "$SERVER" 2>/dev/null || { echo "the server died; see its log:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.05
  done
  echo "no run finished; see $log" >&2; exit 1
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
side_java() { [ "$1" = a ] && echo "$JAVA_A" || echo "$JAVA_B"; }
side_jar() { [ "$1" = a ] && echo "$A" || echo "$B"; }

for side in a b; do
  rm -rf "$WORK/pg-$side"
  start $side "$(side_java $side)" "$(side_jar $side)"; stop_server; result=$RESULT
  echo "$side first start of the jar, fresh data folder: first answer $(cut -d' ' -f1 <<<"$result") ms, every entity $(cut -d' ' -f2 <<<"$result") ms   (load $(load))"
done
for r in $(seq 1 "$ROUNDS"); do
  for kind in fresh same; do
    for side in a b; do
      [ "$kind" = fresh ] && rm -rf "$WORK/pg-$side"
      timeline=(); [ "$r" = "$ROUNDS" ] && [ "$kind" = same ] && timeline=(--stagehand.startup-timeline=true)
      start $side "$(side_java $side)" "$(side_jar $side)" "${timeline[@]}"; stop_server; result=$RESULT
      echo "$result" >> "$WORK/$side-$kind.txt"
      echo "round $r $side, $kind data folder: first answer $(cut -d' ' -f1 <<<"$result") ms, every entity $(cut -d' ' -f2 <<<"$result") ms   (load $(load))"
    done
  done
done
for side in a b; do
  echo "$side ($(side_java $side) -jar $(side_jar $side)):"
  for kind in fresh same; do
    echo "  $kind data folder: median first answer $(cut -d' ' -f1 "$WORK/$side-$kind.txt" | median) ms, median every entity $(cut -d' ' -f2 "$WORK/$side-$kind.txt" | median) ms"
  done
  echo "  start-up timeline of its last start:"
  grep -E 'Startup timeline' -A25 "$WORK/$side.log" | sed 's/^/    /' || true
done
