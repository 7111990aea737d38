# What bench/run.sh and bench/compare.sh share; sourced from the project root, not run.
# JAVA_OPTS for the server (default -Xmx352m -XX:+UseParallelGC, with MALLOC_ARENA_MAX=2).
JAVA_OPTS=${JAVA_OPTS:--Xmx352m -XX:+UseParallelGC}
# glibc's per-thread malloc arenas hold memory the JVM gave back; two are plenty for a server
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

[ -f api/target/stagehand.jar ] && [ -f bench/target/classpath.txt ] || ./mvnw -q -B -ntp package -DskipTests
BENCH_CP="bench/target/classes:$(cat bench/target/classpath.txt)"
tool() { java -cp "$BENCH_CP" "io.stagehand.bench.$@"; }
WORK=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# start_server <jar> <log> <source args...>: a fresh server on a fresh embedded database whose only
# source runs once at start-up
start_server() {
  local jar=$1 log=$2; shift 2
  rm -rf "$WORK/pg"
  java $JAVA_OPTS -jar "$jar" --server.port=$PORT --stagehand.demo.enabled=false \
    --stagehand.embedded.data-dir="$WORK/pg" --stagehand.git-cache="$WORK/git-cache" \
    --logging.level.io.stagehand.ingest=INFO "$@" > "$log" 2>&1 &
  SERVER=$!
}
stop_server() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
# start_file_server <jar> <log> <folder>: start_server with a file source named bench on the folder's
# root catalog-info.yaml (which fans out through its Location)
start_file_server() {
  start_server "$1" "$2" --stagehand.sources[0].name=bench --stagehand.sources[0].type=file --stagehand.sources[0].path="$3" \
    --stagehand.sources[0].glob=catalog-info.yaml --stagehand.sources[0].refresh=PT24H
}
# median: the median of the numbers on standard input
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%d", m}'; }
