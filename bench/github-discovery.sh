#!/usr/bin/env bash
# How long a github discovery source takes for an organisation of N repositories (default 5,000) with one
# catalog file each: the first run, then a refresh after 1 % of the repositories changed, and how many
# requests the fake received per unchanged repository in that refresh. GitHub is played by GithubFake
# (bench/src; GraphQL repositoryOwner.repositories in pages of 100, the contents API with ETags and 304s).
# Stagehand is started as a user starts it (java -jar, -Xmx320m, embedded PostgreSQL in a fresh folder),
# with the integration's requests-per-second raised for the local fake (GitHub's own limits would make
# the first read of 5,000 files take longer whatever the reader). The figures are the run times Stagehand logs.
#
# Usage: [JAVA=<jdk>/bin/java] bench/github-discovery.sh [repositories]   (needs: ./mvnw -pl api,bench package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
WORK=$(mktemp -d)
FAKE=18394
[ -f api/target/stagehand.jar ] && [ -d bench/target/classes ] || ./mvnw -q -B -pl api,bench package -DskipTests

"${JAVA:-java}" -cp bench/target/classes io.stagehand.bench.GithubFake $FAKE "$N" > "$WORK/fake.log" 2>&1 &
GH=$!
SH=""
trap 'kill $SH $GH 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:$FAKE/__stats && break; sleep 0.5; done

"${JAVA:-java}" -Xmx320m -XX:+UseParallelGC -jar api/target/stagehand.jar --server.port=18395 --stagehand.demo.enabled=false \
  --stagehand.embedded.data-dir="$WORK/pg" \
  --stagehand.integrations.github[0].host=localhost:$FAKE \
  --stagehand.integrations.github[0].api-base-url=http://127.0.0.1:$FAKE/api/v3 \
  --stagehand.integrations.github[0].token=ghp_bench_token \
  --stagehand.integrations.http.requests-per-second=2000 \
  --stagehand.sources[0].name=bench --stagehand.sources[0].type=github --stagehand.sources[0].organization=bench \
  --stagehand.sources[0].host=localhost:$FAKE --stagehand.sources[0].refresh=PT90S > "$WORK/stagehand.log" 2>&1 &
SH=$!
runs() { grep -c 'Source bench: run' "$WORK/stagehand.log" || true; }
for _ in $(seq 1 300); do [ "$(runs)" -ge 1 ] && break; sleep 1; done
echo "first run:  $(grep 'Source bench: run' "$WORK/stagehand.log" | sed -n 1p | sed 's/.*Source bench: //')"
echo "            fake: $(curl -s http://127.0.0.1:$FAKE/__stats)"
CHANGED=$(curl -s -X POST "http://127.0.0.1:$FAKE/__change?every=100")
curl -s -X POST http://127.0.0.1:$FAKE/__reset > /dev/null
for _ in $(seq 1 300); do [ "$(runs)" -ge 2 ] && break; sleep 1; done
echo "refresh:    $(grep 'Source bench: run' "$WORK/stagehand.log" | sed -n 2p | sed 's/.*Source bench: //')"
STATS=$(curl -s http://127.0.0.1:$FAKE/__stats)
echo "            fake: $STATS ($CHANGED repositories changed)"
CONTENTS=$(echo "$STATS" | sed 's/.*contents=\([0-9]*\).*/\1/')
echo "            file requests per unchanged repository: $(python3 -c "print(round(max(0, $CONTENTS - $CHANGED) / ($N - $CHANGED), 4))")"
echo "            heap after the refresh (-Xmx320m):"
jcmd $SH GC.heap_info 2>/dev/null | grep -E 'PSYoungGen|ParOldGen' | sed 's/^ */              /; s/ \[.*//' || echo "              unknown"
