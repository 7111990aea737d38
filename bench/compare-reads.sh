#!/usr/bin/env bash
# Compares the read path of two server builds: bench/compare-reads.sh <jar-a> <jar-b> [size] [rounds]
#
# What authorization costs a read (issue 27): each side serves the same generated catalog (default
# 10000 entities, seed 42) with anonymous access off and a second static token (beside the bench's admin one), given the scopes in
# SCOPES_A / SCOPES_B (default "read"; an old build ignores them), plus any server arguments in
# ARGS_A / ARGS_B (a read restriction, say). Alternating a, b, a, b, ... <rounds> times (default 3),
# each server is warmed up, then measured with QUERY (default entity: one entity by ref with its
# owner and relations) at one client (its p50) and at CLIENTS (default 8; its throughput). Prints
# each measurement and the medians of both sides. JAVA_OPTS and CDS as in run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
A=$(realpath "$1"); B=$(realpath "$2"); SIZE=${3:-10000}; ROUNDS=${4:-3}
QUERY=${QUERY:-entity}; CLIENTS=${CLIENTS:-8}; WARMUP=${WARMUP:-40}; SECONDS_PER_QUERY=${LOAD_SECONDS:-15}
PORT=18173
TOKEN=bench-read-token-0123456789
. bench/lib.sh
RUN_A=$(CDS=${CDS:-1} install "$A" "$WORK/app-a")
RUN_B=$(CDS=${CDS:-1} install "$B" "$WORK/app-b")
tool CatalogGenerator "$WORK/catalog" "$SIZE" 42

# measure <clients> <seconds of warm-up>: one LoadClient line
measure() {
  java -Dwarmup="$2" -Dtoken="$TOKEN" -cp "$BENCH_CP" io.stagehand.bench.LoadClient "http://localhost:$PORT" "$QUERY" "$SIZE" "$1" "$SECONDS_PER_QUERY"
}

: > "$WORK/a.txt"; : > "$WORK/b.txt"
for r in $(seq 1 "$ROUNDS"); do
  for side in a b; do
    jar=$RUN_A; scopes=${SCOPES_A:-read}; args=${ARGS_A:-}
    [ $side = b ] && jar=$RUN_B && scopes=${SCOPES_B:-read} && args=${ARGS_B:-}
    # shellcheck disable=SC2086
    start_file_server "$jar" "$WORK/$side.log" "$WORK/catalog" --stagehand.auth.anonymous=false \
      --stagehand.auth.tokens[1].name=bench-read --stagehand.auth.tokens[1].token=$TOKEN --stagehand.auth.tokens[1].scopes=$scopes $args
    for _ in $(seq 1 3000); do grep -q 'Source bench: run 1 ' "$WORK/$side.log" && break; sleep 0.1; done
    grep -q 'Source bench: run 1 ' "$WORK/$side.log" || { echo "no run finished; see $WORK/$side.log" >&2; tail -20 "$WORK/$side.log" >&2; exit 1; }
    one=$(measure 1 "$WARMUP"); many=$(measure "$CLIENTS" 5)
    stop_server
    p50=$(grep -oE 'p50 [0-9.]+' <<<"$one" | cut -d' ' -f2); rate=$(grep -oE '[0-9]+ requests/s' <<<"$many" | cut -d' ' -f1)
    echo "round $r $side: 1 client p50 $p50 ms; $CLIENTS clients $rate requests/s   (load average $(cut -d' ' -f1 /proc/loadavg))"
    echo "$p50 $rate" >> "$WORK/$side.txt"
  done
done
for side in a b; do
  jar=$A; [ $side = b ] && jar=$B
  echo "$side ($jar): median p50 $(cut -d' ' -f1 "$WORK/$side.txt" | awk '{print $1 * 1000}' | median) us, median throughput $(cut -d' ' -f2 "$WORK/$side.txt" | median)/s"
done
