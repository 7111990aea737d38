#!/usr/bin/env bash
# Compares the cold ingestion of two server builds: bench/compare.sh <jar-a> <jar-b> [size] [rounds]
#
# Generates a catalog of <size> entities (default 10000, seed 42) and alternates cold runs of the two
# jars on it (a fresh embedded database each time; a, b, a, b, ...), <rounds> times each (default 5),
# so that both see the same state of the machine, whose speed drifts by up to 25 % within an hour.
# Prints each run's time, the CPU the server used during it (compiler threads included) and the
# server's start-up time, then the median of each. JAVA_OPTS as in run.sh; JAVA_OPTS_A and
# JAVA_OPTS_B, when set, replace it for one side (to compare JVM options on the same jar); CDS as in
# run.sh, CDS_A and CDS_B for one side. SOURCE=git reads the catalog from a bare git repository
# through file:// instead (a fresh git cache each run, so the clone is included).
# Copy a build aside first, e.g.
#   cp api/target/stagehand.jar /tmp/before.jar; (change, ./mvnw -q package -DskipTests); bench/compare.sh /tmp/before.jar api/target/stagehand.jar
set -euo pipefail
cd "$(dirname "$0")/.."
A=$(realpath "$1"); B=$(realpath "$2"); SIZE=${3:-10000}; ROUNDS=${4:-5}
SOURCE=${SOURCE:-files}
case $SOURCE in files|git) ;; *) echo "SOURCE is files or git, not $SOURCE" >&2; exit 2 ;; esac
PORT=18172
. bench/lib.sh
OPTS_A=${JAVA_OPTS_A:-$JAVA_OPTS}; OPTS_B=${JAVA_OPTS_B:-$JAVA_OPTS}
RUN_A=$(JAVA_OPTS=$OPTS_A CDS=${CDS_A:-${CDS:-1}} install "$A" "$WORK/app-a")
RUN_B=$(JAVA_OPTS=$OPTS_B CDS=${CDS_B:-${CDS:-1}} install "$B" "$WORK/app-b")
tool CatalogGenerator "$WORK/catalog" "$SIZE" 42
[ "$SOURCE" = git ] && tool GitRepository "$WORK/catalog" "$WORK/remote.git" "generated" > /dev/null
HZ=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run <jar> <log> <results>: appends "<run ms> <server CPU ms during the run> <start-up ms>" to <results>
run() {
  if [ "$SOURCE" = git ]; then start_git_server "$1" "$2" "$WORK/remote.git"; else start_file_server "$1" "$2" "$WORK/catalog"; fi
  local before=""
  for _ in $(seq 1 3000); do
    [ -z "$before" ] && grep -q 'Started StagehandApplication' "$2" && before=$(cpu "$SERVER")
    grep -q 'Source bench: run 1 ' "$2" && break
    sleep 0.02
  done
  local after; after=$(cpu "$SERVER")
  local line; line=$(grep 'Source bench: run 1 ' "$2") || { echo "no run finished; see $2" >&2; exit 1; }
  grep -q failed <<<"$line" && { echo "run failed: $line" >&2; exit 1; }
  stop_server
  # start-up: from the JVM's start until the server was ready, the embedded database's start included
  local started; started=$(grep -oE 'process running for [0-9.]+' "$2" | grep -oE '[0-9.]+$' | awk '{printf "%d", $1 * 1000}')
  echo "$(sed -E 's/.* done in ([0-9]+) ms.*/\1/' <<<"$line") $(( (after - before) * 1000 / HZ )) $started" >> "$3"
}

: > "$WORK/a.txt"; : > "$WORK/b.txt"
for r in $(seq 1 "$ROUNDS"); do
  for side in a b; do
    jar=$RUN_A; JAVA_OPTS=$OPTS_A; [ $side = b ] && jar=$RUN_B && JAVA_OPTS=$OPTS_B
    run "$jar" "$WORK/$side.log" "$WORK/$side.txt"
    result=$(tail -1 "$WORK/$side.txt")
    echo "round $r $side: run $(cut -d' ' -f1 <<<"$result") ms, server CPU $(cut -d' ' -f2 <<<"$result") ms, start-up $(cut -d' ' -f3 <<<"$result") ms"
  done
done
for side in a b; do
  jar=$A; [ $side = b ] && jar=$B
  echo "$side ($jar): median run $(cut -d' ' -f1 "$WORK/$side.txt" | median) ms, median CPU $(cut -d' ' -f2 "$WORK/$side.txt" | median) ms, median start-up $(cut -d' ' -f3 "$WORK/$side.txt" | median) ms"
done
