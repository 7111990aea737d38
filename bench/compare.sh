#!/usr/bin/env bash
# Compares the cold ingestion of two server builds: bench/compare.sh <jar-a> <jar-b> [size] [rounds]
#
# Generates a catalog of <size> entities (default 10000, seed 42) and alternates cold runs of the two
# jars on it (a fresh embedded database each time; a, b, a, b, ...), <rounds> times each (default 5),
# so that both see the same state of the machine, whose speed drifts by up to 25 % within an hour.
# Prints each run's time and the CPU the server used during it (compiler threads included), then
# the median of each. JAVA_OPTS as in run.sh. Copy a build aside first, e.g.
#   cp api/target/stagehand.jar /tmp/before.jar; (change, ./mvnw -q package -DskipTests); bench/compare.sh /tmp/before.jar api/target/stagehand.jar
set -euo pipefail
cd "$(dirname "$0")/.."
A=$(realpath "$1"); B=$(realpath "$2"); SIZE=${3:-10000}; ROUNDS=${4:-5}
JAVA_OPTS=${JAVA_OPTS:--Xmx352m -XX:+UseParallelGC}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
PORT=18172
[ -f bench/target/classpath.txt ] || ./mvnw -q -B -ntp package -DskipTests
BENCH_CP="bench/target/classes:$(cat bench/target/classpath.txt)"
WORK=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
java -cp "$BENCH_CP" io.stagehand.bench.CatalogGenerator "$WORK/catalog" "$SIZE" 42
HZ=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run <jar> <log> <results>: appends "<run ms> <server CPU ms during the run>" to <results>
run() {
  rm -rf "$WORK/pg"
  java $JAVA_OPTS -jar "$1" --server.port=$PORT --stagehand.demo.enabled=false --stagehand.embedded.data-dir="$WORK/pg" \
    --logging.level.io.stagehand.ingest=INFO --stagehand.sources[0].name=bench --stagehand.sources[0].type=file \
    --stagehand.sources[0].path="$WORK/catalog" --stagehand.sources[0].glob=catalog-info.yaml \
    --stagehand.sources[0].refresh=PT24H > "$2" 2>&1 &
  SERVER=$!
  local before=""
  for _ in $(seq 1 3000); do
    [ -z "$before" ] && grep -q 'Started StagehandApplication' "$2" && before=$(cpu "$SERVER")
    grep -q 'Source bench: run 1 ' "$2" && break
    sleep 0.02
  done
  local after; after=$(cpu "$SERVER")
  local line; line=$(grep 'Source bench: run 1 ' "$2") || { echo "no run finished; see $2" >&2; exit 1; }
  grep -q failed <<<"$line" && { echo "run failed: $line" >&2; exit 1; }
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  echo "$(sed -E 's/.* done in ([0-9]+) ms.*/\1/' <<<"$line") $(( (after - before) * 1000 / HZ ))" >> "$3"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

: > "$WORK/a.txt"; : > "$WORK/b.txt"
for r in $(seq 1 "$ROUNDS"); do
  for side in a b; do
    jar=$A; [ $side = b ] && jar=$B
    run "$jar" "$WORK/$side.log" "$WORK/$side.txt"
    result=$(tail -1 "$WORK/$side.txt")
    echo "round $r $side: run $(cut -d' ' -f1 <<<"$result") ms, server CPU $(cut -d' ' -f2 <<<"$result") ms"
  done
done
for side in a b; do
  jar=$A; [ $side = b ] && jar=$B
  echo "$side ($jar): median run $(cut -d' ' -f1 "$WORK/$side.txt" | median) ms, median CPU $(cut -d' ' -f2 "$WORK/$side.txt" | median) ms"
done
