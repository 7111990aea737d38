# What bench/run.sh and bench/compare.sh share; sourced from the project root, not run.
# JAVA_OPTS for the server (default -Xmx320m -XX:+UseParallelGC, with MALLOC_ARENA_MAX=2).
JAVA_OPTS=${JAVA_OPTS:--Xmx320m -XX:+UseParallelGC}
# glibc's per-thread malloc arenas hold memory the JVM gave back; two are plenty for a server
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

[ -f api/target/stagehand.jar ] && [ -f bench/target/classpath.txt ] || ./mvnw -q -B -ntp package -DskipTests
BENCH_CP="bench/target/classes:$(cat bench/target/classpath.txt)"
tool() { java -cp "$BENCH_CP" "io.stagehand.bench.$@"; }
WORK=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# install <jar> <dir>: prints the jar to start. With CDS=1 (the default) the jar is installed as
# docker/Dockerfile and the build do it: extracted into <dir>, with, on JDK 25 and newer, the JDK's
# AOT cache from the build's training run (stagehand.training: the demo ingested, evaluated and
# queried), else a class-data archive from a training run that loads the demo once (also for a jar
# from before the training run existed); with CDS=0 the jar itself. start_server uses what it finds.
java_feature() { java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }
install() {
  if [ "${CDS:-1}" = 0 ]; then echo "$1"; return; fi
  local jar; jar="$2/$(basename "$1")"   # extract keeps the jar's name
  rm -rf "$2" && java -Djarmode=tools -jar "$1" extract --destination "$2" > /dev/null
  if [ "$(java_feature)" -ge 25 ] && unzip -l "$1" BOOT-INF/classes/training/queries.graphql > /dev/null 2>&1; then
    (cd "$2" && MALLOC_ARENA_MAX=2 java $JAVA_OPTS -XX:AOTCacheOutput="$2/stagehand.aot" -jar "$jar" --server.port=0 \
      --stagehand.training=true --stagehand.embedded.data-dir="$2/training/pg" --stagehand.git-cache="$2/training/git" \
      > "$2/training.log" 2>&1) || { echo "the training run of $1 failed:" >&2; tail -20 "$2/training.log" >&2; exit 1; }
  else
    java $JAVA_OPTS -XX:ArchiveClassesAtExit="$2/stagehand.jsa" -jar "$jar" --server.port=0 \
      --stagehand.ingest.once=true --stagehand.embedded.data-dir="$2/training/pg" --stagehand.git-cache="$2/training/git" \
      > "$2/training.log" 2>&1 || { echo "the training run of $1 failed:" >&2; tail -20 "$2/training.log" >&2; exit 1; }
  fi
  rm -rf "$2/training" "$2/stagehand-data"
  echo "$jar"
}
# archive_flag <jar>: the flag that starts the JVM with the AOT cache or class-data archive installed beside the jar, if any
archive_flag() {
  local dir; dir=$(dirname "$1")
  if [ -f "$dir/stagehand.aot" ]; then echo "-XX:AOTCache=$dir/stagehand.aot"
  elif [ -f "$dir/stagehand.jsa" ]; then echo "-XX:SharedArchiveFile=$dir/stagehand.jsa"; fi
}

# The bench's own admin token: refreshSource and evaluate are admin-only (docs/security.md), and
# anonymous callers of the embedded database only read.
BENCH_TOKEN=bench-admin-token-0123456789
BENCH_AUTH=(--stagehand.auth.tokens[0].name=bench --stagehand.auth.tokens[0].token=$BENCH_TOKEN --stagehand.auth.tokens[0].scopes=admin)

# start_server <jar> <log> <source args...>: a fresh server on a fresh embedded database whose only
# source runs once at start-up; with the AOT cache or class-data archive next to the jar, if there is one
start_server() {
  local jar=$1 log=$2; shift 2
  local cds; cds=$(archive_flag "$jar")
  rm -rf "$WORK/pg"
  java $JAVA_OPTS $cds -jar "$jar" --server.port=$PORT --stagehand.demo.enabled=false \
    --stagehand.embedded.data-dir="$WORK/pg" --stagehand.git-cache="$WORK/git-cache" \
    --logging.level.io.stagehand.catalog.ingest=INFO "${BENCH_AUTH[@]}" "$@" > "$log" 2>&1 &
  SERVER=$!
}
stop_server() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
# start_file_server <jar> <log> <folder>: start_server with a file source named bench on the folder's
# root catalog-info.yaml (which fans out through its Location); scorecards evaluate only on demand, so
# their background work does not mix with what this server measures; further arguments go to the server
start_file_server() {
  start_server "$1" "$2" --stagehand.sources[0].name=bench --stagehand.sources[0].type=file --stagehand.sources[0].path="$3" \
    --stagehand.sources[0].glob=catalog-info.yaml --stagehand.sources[0].refresh=PT24H --stagehand.scorecards.schedule=false "${@:4}"
}
# start_git_server <jar> <log> <bare repository>: start_server with a git source named bench on the
# repository's main branch, through file://, on an empty git cache (so the clone is part of the run);
# further arguments go to the server
start_git_server() {
  rm -rf "$WORK/git-cache"
  local jar=$1 log=$2 repo=$3; shift 3
  start_server "$jar" "$log" --stagehand.sources[0].name=bench --stagehand.sources[0].type=git \
    --stagehand.sources[0].url="file://$repo" --stagehand.sources[0].branch=main \
    --stagehand.sources[0].glob=catalog-info.yaml --stagehand.sources[0].refresh=PT24H "$@"
}
# median: the median of the numbers on standard input
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%d", m}'; }
