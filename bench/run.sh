#!/usr/bin/env bash
# Stagehand's benchmark suite: bench/run.sh [size ...]   (default: 10000 100000)
#
# For each catalog size it generates a deterministic catalog (files and a git repository), then
# starts the built server (api/target/stagehand.jar, extracted with the AOT cache on JDK 25, a
# class-data archive before, as docs/operations.md "Start-up" says, unless CDS=0) on a fresh embedded PostgreSQL and
# measures: cold ingestion from files and from git (repeated), re-ingestion with 1% of the files
# changed (repeated), GraphQL latency and throughput with concurrent clients for five queries,
# peak resident memory of the server and the database size. Results go to stdout and to
# bench/results/<size>.txt. Environment: REPEATS (default 3), CLIENTS (8), LOAD_SECONDS (15), WARMUP (40 s a query),
# REWARM (5 s of the query right before it is measured),
# JAVA_OPTS for the server (default -Xmx320m -XX:+UseParallelGC, with MALLOC_ARENA_MAX=2), SMOKE=1 for
# a quick check (1 repeat, 2 s of load), PHASES to run only some of files (cold and 1% ingestion from
# files, queries), git (cold ingestion from git) and scorecards (default: all three).
# The load comes from wrk (Debian package wrk) with bench/load.lua when it is installed, else from
# the Java LoadClient, which takes more of the two cores the server shares with it.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)
REPEATS=${REPEATS:-3}; CLIENTS=${CLIENTS:-8}; SECONDS_PER_QUERY=${LOAD_SECONDS:-15}
WARMUP=${WARMUP:-40}; REWARM=${REWARM:-5}
if [ "${SMOKE:-0}" = 1 ]; then REPEATS=1; SECONDS_PER_QUERY=2; WARMUP=1; REWARM=1; fi
PORT=18171
PHASES=${PHASES:-files git scorecards}
phase() { [[ " $PHASES " == *" $1 "* ]]; }
. bench/lib.sh
mkdir -p bench/results
# BENCH_JAR: the jar the other phases install and start (default: the build's)
JAR=$(install "${BENCH_JAR:-api/target/stagehand.jar}" "$WORK/app")

# wait_run <log> <n>: waits for the n-th finished run and prints its milliseconds
wait_run() {
  for _ in $(seq 1 1200); do
    local line; line=$(grep 'Source bench: run' "$1" | sed -n "${2}p")
    if [ -n "$line" ]; then
      grep -q 'failed' <<<"$line" && { echo "run failed: $line" >&2; exit 1; }
      sed -E 's/.* done in ([0-9]+) ms.*/\1/' <<<"$line"; return
    fi
    sleep 0.5
  done
  echo "no run finished; see $1" >&2; tail -20 "$1" >&2; exit 1
}
# stats <numbers...>: median and max
stats() { echo "median $(printf '%s\n' "$@" | median) ms, max $(printf '%s\n' "$@" | sort -n | tail -1) ms ($# runs)"; }

for SIZE in "${SIZES[@]}"; do
  OUT=bench/results/$SIZE.txt
  CAT=$WORK/catalog-$SIZE
  {
  echo "== $SIZE entities: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, java $(java -version 2>&1 | head -1 | cut -d'"' -f2), server $JAVA_OPTS, class-data archive: $([ "${CDS:-1}" = 0 ] && echo no || echo yes)"
  tool CatalogGenerator "$CAT" "$SIZE" 42
  tool GitRepository "$CAT" "$WORK/remote-$SIZE.git" "generated" > /dev/null
  rm -rf "$CAT/.git/index.lock"

  if phase files; then
  FILES=(); GITS=()
  for r in $(seq 1 "$REPEATS"); do
    start_file_server "$JAR" "$WORK/files.log" "$CAT"
    FILES+=("$(wait_run "$WORK/files.log" 1)")
    [ "$r" -lt "$REPEATS" ] && stop_server
  done
  echo "cold ingestion from files: $(stats "${FILES[@]}")"
  grep 'Source bench: run 1' "$WORK/files.log" | sed 's/.*Source bench: /  /'

  # re-ingestion with 1% of the component files changed, on the server still running
  INCR=()
  for r in $(seq 1 "$REPEATS"); do
    tool ChangeFiles "$CAT" 1 "round-$r" > /dev/null
    curl -s -o /dev/null localhost:$PORT/graphql -H 'content-type: application/json' -H "Authorization: Bearer $BENCH_TOKEN" -d '{"query":"mutation { refreshSource(name: \"bench\") { id } }"}'
    INCR+=("$(wait_run "$WORK/files.log" $((r + 1)))")
  done
  echo "re-ingestion with 1% changed: $(stats "${INCR[@]}")"
  grep 'Source bench: run 2' "$WORK/files.log" | sed 's/.*Source bench: /  /'
  echo "server memory with the catalog loaded: $(awk '/VmHWM|VmRSS/ {printf "%s %d MB  ", $1, $2/1024}' /proc/$SERVER/status)"

  QUERIES=(entity owner-filter page500 graph5 rollup)
  if command -v wrk > /dev/null; then
    # The JIT needs a minute or two of traffic before the server reaches its speed: every query is
    # warmed up first, then each is measured on the warm server.
    for q in "${QUERIES[@]}"; do
      tool LoadClient bodies "$q" "$SIZE" 10000 "$WORK/$q.bodies"
      BODIES="$WORK/$q.bodies" wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" -s bench/load.lua "http://localhost:$PORT" > /dev/null
    done
    # Each query runs again for a few seconds right before it is measured: the window just after
    # another query's load was measured slower (JIT and cache settling on the new query).
    for q in "${QUERIES[@]}"; do
      BODIES="$WORK/$q.bodies" wrk -t2 -c"$CLIENTS" -d"${REWARM}s" -s bench/load.lua "http://localhost:$PORT" > /dev/null
      echo "$q: $CLIENTS clients, wrk, ${SECONDS_PER_QUERY} s: $(BODIES="$WORK/$q.bodies" wrk -t2 -c"$CLIENTS" -d"${SECONDS_PER_QUERY}s" \
        -s bench/load.lua "http://localhost:$PORT" | tail -1)"
    done
  else
    for q in "${QUERIES[@]}"; do
      java -Dwarmup="$WARMUP" -cp "$BENCH_CP" io.stagehand.bench.LoadClient "http://localhost:$PORT" "$q" "$SIZE" "$CLIENTS" "$SECONDS_PER_QUERY"
    done
  fi
  echo "server memory after the load: $(awk '/VmHWM|VmRSS/ {printf "%s %d MB  ", $1, $2/1024}' /proc/$SERVER/status)"
  PGPORT=$(grep -oE 'Embedded PostgreSQL is listening on port [0-9]+' "$WORK/files.log" | grep -oE '[0-9]+$')
  tool DatabaseSize "jdbc:postgresql://localhost:$PGPORT/postgres"
  stop_server
  fi

  if phase git; then
  for r in $(seq 1 "$REPEATS"); do
    start_git_server "$JAR" "$WORK/git.log" "$WORK/remote-$SIZE.git"
    GITS+=("$(wait_run "$WORK/git.log" 1)")
    stop_server
  done
  echo "cold ingestion from git (clone included): $(stats "${GITS[@]}")"
  fi

  if phase user; then
  # Issue 19: Stagehand as the README starts it (api/target/stagehand.jar, no JVM flag, no
  # MALLOC_ARENA_MAX; so it runs the server in a child JVM with the tuned flags) beside the tuned install ($JAR with JAVA_OPTS and the archive), each on the
  # file source. Per start: milliseconds from the process's start to its first HTTP answer and to the
  # first run's commit (every entity served with its relations), on a fresh data folder, then on
  # the data folder the previous start left (already initialised, the catalog already in it). Then
  # whole-entity reads (descriptor and relations, as Backstage's pages ask) at one client and at
  # CLIENTS, and the peak resident memory.
  timed_start() { # timed_start <java command...>: sets STARTED to "first answer N ms, every entity served N ms" (not in a subshell: it sets SERVER)
    local t0 first="" now
    t0=$(date +%s%N)
    "$@" --server.port=$PORT --stagehand.demo.enabled=false --stagehand.embedded.data-dir="$WORK/pg" --stagehand.git-cache="$WORK/git-cache" \
      --logging.level.io.stagehand.catalog.ingest=INFO --stagehand.sources[0].name=bench --stagehand.sources[0].type=file \
      --stagehand.sources[0].path="$CAT" --stagehand.sources[0].glob=catalog-info.yaml --stagehand.sources[0].refresh=PT24H \
      --stagehand.scorecards.schedule=false "${BENCH_AUTH[@]}" ${TIMELINE:+--stagehand.startup-timeline=true} > "$WORK/user.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 6000); do
      now=$(date +%s%N)
      [ -z "$first" ] && curl -s -o /dev/null -m 1 "localhost:$PORT/actuator/health/liveness" && first=$(( (now - t0) / 1000000 ))
      if grep -qE 'Source bench: run [0-9]+ (done|failed)' "$WORK/user.log"; then
        STARTED="first answer $first ms, every entity served $(( (now - t0) / 1000000 )) ms"
        FIRSTS+=("$first"); ALLS+=("$(( (now - t0) / 1000000 ))"); return
      fi
      kill -0 "$SERVER" 2>/dev/null || { echo "the server died; see its log:" >&2; tail -20 "$WORK/user.log" >&2; exit 1; }
      sleep 0.05
    done
  }
  # A plain java -jar with no heap flag runs the server in a child JVM (docs/operations.md, "Memory and
  # start-up"): memory and CPU count the started JVM and its java children, as the user's machine pays both.
  jvms() { echo "$SERVER" $(pgrep -P "$SERVER" -x java || true); }
  jvm_memory() {
    local p out="" hwm=0 rss=0
    for p in $(jvms); do
      out+="$(awk -v p="$p" '/VmHWM/ {h=$2} /VmRSS/ {r=$2} END {printf "[pid %s: VmHWM %d MB, VmRSS %d MB] ", p, h/1024, r/1024}' /proc/$p/status)"
      hwm=$((hwm + $(awk '/VmHWM/ {print $2}' /proc/$p/status))); rss=$((rss + $(awk '/VmRSS/ {print $2}' /proc/$p/status)))
    done
    echo "VmHWM: $((hwm / 1024)) MB  VmRSS: $((rss / 1024)) MB  $out"
  }
  jvm_cpu_ticks() { local p t=0; for p in $(jvms); do t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo "$t"; }
  FULL=(full-entity full-page500 full-owner)
  for q in "${FULL[@]}"; do tool LoadClient bodies "$q" "$SIZE" 10000 "$WORK/$q.bodies"; done
  # A jar of the earlier launcher (before issue 34) keeps a cache of its own (the extracted jar and its
  # class-data archive), empty in this run's folder: the first start of the jar is measured apart, with
  # the stop that writes the archive. The build's jar needs none: its AOT cache comes with it.
  export STAGEHAND_LAUNCH_CACHE="$WORK/launch-cache"
  # medians <label>: the median first answer and every-entity time of the starts since the last call
  medians() { echo "  median of ${#FIRSTS[@]} starts, $1: first answer $(printf '%s\n' "${FIRSTS[@]}" | median) ms, every entity served $(printf '%s\n' "${ALLS[@]}" | median) ms"; FIRSTS=(); ALLS=(); }
  FIRSTS=(); ALLS=()
  # USER_JAR: the jar a user starts (the build's, with what the build put beside it); MODES: user, tuned or both
  for MODE in ${MODES:-user tuned}; do
    if [ "$MODE" = user ]; then CMD=(env -u MALLOC_ARENA_MAX java -jar "${USER_JAR:-api/target/stagehand.jar}")
    else CMD=(java $JAVA_OPTS $(archive_flag "$JAR") -jar "$JAR"); fi
    echo "$MODE: ${CMD[*]}"
    if [ "$MODE" = user ]; then
      rm -rf "$WORK/pg" "$STAGEHAND_LAUNCH_CACHE"
      timed_start "${CMD[@]}"
      echo "  first start of this jar (the build's AOT cache beside it; a jar from before that: an empty launch cache, extracted, the archive written as it stops), fresh data folder: $STARTED   (load average $(cut -d' ' -f1-3 /proc/loadavg))"
      FIRSTS=(); ALLS=()
      stopped=$(date +%s%N); stop_server
      echo "    stopped (the archive written) in $(( ($(date +%s%N) - stopped) / 1000000 )) ms; $(grep -c 'wrote a class-data archive' "$WORK/user.log") archive written"
    fi
    for r in $(seq 1 "$REPEATS"); do
      rm -rf "$WORK/pg"
      timed_start "${CMD[@]}"
      echo "  start on a fresh data folder: $STARTED   (load average $(cut -d' ' -f1-3 /proc/loadavg))"
      echo "    $(grep -oE 'Started StagehandApplication in .*' "$WORK/user.log")"
      stop_server
    done
    medians "fresh data folder"
    for r in $(seq 1 "$REPEATS"); do
      [ "$r" -gt 1 ] && stop_server
      TIMELINE=$([ "$r" = "$REPEATS" ] && echo 1) timed_start "${CMD[@]}"
      echo "  start on the data folder of the last start: $STARTED   (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    done
    medians "folder of the last start"
    echo "  the last one's start-up timeline:"
    grep -E 'Startup timeline' -A25 "$WORK/user.log" | sed 's/^/    /' || true
    echo "  memory with the catalog loaded: $(jvm_memory)"
    if command -v wrk > /dev/null; then
      for q in "${FULL[@]}"; do
        BODIES="$WORK/$q.bodies" wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" -s bench/load.lua "http://localhost:$PORT" > /dev/null
      done
      for q in "${FULL[@]}"; do
        for c in 1 "$CLIENTS"; do
          BODIES="$WORK/$q.bodies" wrk -t1 -c"$c" -d"${REWARM}s" -s bench/load.lua "http://localhost:$PORT" > /dev/null
          # the server's CPU time per request too: on a machine others load, latency says little, CPU time more
          local_cpu=$(jvm_cpu_ticks)
          line=$(BODIES="$WORK/$q.bodies" wrk -t$((c > 1 ? 2 : 1)) -c"$c" -d"${SECONDS_PER_QUERY}s" -s bench/load.lua "http://localhost:$PORT" | tail -1)
          cpu_ms=$(( ($(jvm_cpu_ticks) - local_cpu) * 1000 / $(getconf CLK_TCK) ))
          requests=$(grep -oE '[0-9]+ requests,' <<<"$line" | grep -oE '[0-9]+')
          echo "  $q: $c client(s), wrk, ${SECONDS_PER_QUERY} s: $line, server CPU $(awk -v c="$cpu_ms" -v r="$requests" 'BEGIN {printf "%.2f", c / (r > 0 ? r : 1)}') ms a request   (load average $(cut -d' ' -f1-3 /proc/loadavg))"
        done
      done
    fi
    echo "  memory after the load: $(jvm_memory)"
    stop_server
  done
  fi

  if phase scorecards; then
  # Scorecards: the built-in production-readiness (entity and git facts) over the catalog read from
  # git. Evaluation runs by itself: once at start-up, for what the first run created (from the
  # change feed) and after the first commit; they run one at a time, and the first to find the
  # entities writes every result (the cold evaluation). Each round then changes 1% of the files,
  # commits and runs the source: the entities the run changed are evaluated from the feed, and those
  # whose folders the commit touched after it. Every evaluation is printed as the server logged it.
  start_git_server "$JAR" "$WORK/score.log" "$WORK/remote-$SIZE.git" --stagehand.scorecards.reevaluate-every=PT24H \
    --logging.level.io.stagehand.scorecard=INFO
  # (in a command substitution, as everywhere here: errexit would end the script at grep's first miss)
  : "$(wait_run "$WORK/score.log" 1)"
  evaluations() { grep -E 'Scorecards: evaluated' "$WORK/score.log" | sed -E 's/.*Scorecards: /  /' || true; }
  settle() { # settle <n>: waits (at most 10 minutes) until n evaluations are logged and none follows for 10 s
    local last=-1 count
    for _ in $(seq 1 600); do
      count=$(evaluations | wc -l)
      [ "$count" -ge "$1" ] && [ "$count" = "$last" ] && return
      last=$count; sleep 10
    done
  }
  settle 3
  echo "scorecards, cold and then unchanged (start-up, change feed, first commit; the one that wrote the results is the cold one):"
  evaluations
  for r in $(seq 1 "$REPEATS"); do
    SEEN=$(evaluations | wc -l)
    tool ChangeFiles "$CAT" 1 "score-$r" > /dev/null
    tool GitRepository "$CAT" "$WORK/remote-$SIZE.git" "score-$r" > /dev/null
    curl -s -o /dev/null localhost:$PORT/graphql -H 'content-type: application/json' -H "Authorization: Bearer $BENCH_TOKEN" -d '{"query":"mutation { refreshSource(name: \"bench\") { id } }"}'
    : "$(wait_run "$WORK/score.log" $((r + 1)))"
    settle $((SEEN + 2))
    echo "scorecards after 1% changed, round $r (the run's changes from the feed, then the commit's folders):"
    evaluations | tail -n +$((SEEN + 1))
  done
  echo "server memory with results stored: $(awk '/VmHWM|VmRSS/ {printf "%s %d MB  ", $1, $2/1024}' /proc/$SERVER/status)"
  if command -v wrk > /dev/null; then
    tool LoadClient bodies scorecard-failing "$SIZE" 10000 "$WORK/sf.bodies"
    BODIES="$WORK/sf.bodies" wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" -s bench/load.lua "http://localhost:$PORT" > /dev/null
    echo "scorecard-failing: $CLIENTS clients, wrk, ${SECONDS_PER_QUERY} s: $(BODIES="$WORK/sf.bodies" wrk -t2 -c"$CLIENTS" \
      -d"${SECONDS_PER_QUERY}s" -s bench/load.lua "http://localhost:$PORT" | tail -1)"
  else
    java -Dwarmup="$WARMUP" -cp "$BENCH_CP" io.stagehand.bench.LoadClient "http://localhost:$PORT" scorecard-failing "$SIZE" "$CLIENTS" "$SECONDS_PER_QUERY"
  fi
  echo "server memory after the load: $(awk '/VmHWM|VmRSS/ {printf "%s %d MB  ", $1, $2/1024}' /proc/$SERVER/status)"
  stop_server
  fi
  } 2>&1 | tee "$OUT"
done
