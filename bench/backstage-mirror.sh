#!/usr/bin/env bash
# How long a mirror of N entities (default 10,000) from a Backstage catalog takes.
# A standalone WireMock plays Backstage's /api/catalog/entities/by-query with cursor pages of 500;
# Stagehand (built jar, embedded PostgreSQL in a fresh folder) mirrors it twice: cold, then with
# nothing changed. The figures are the run times Stagehand logs.
#
# Usage: bench/backstage-mirror.sh [entities]      (needs: ./mvnw -pl api package -DskipTests, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
WORK=$(mktemp -d)
WIREMOCK_JAR=$(find ~/.m2/repository/org/wiremock/wiremock-standalone -name 'wiremock-standalone-*.jar' | sort | tail -1)
[ -f api/target/stagehand.jar ] || ./mvnw -q -pl api package -DskipTests
[ -n "$WIREMOCK_JAR" ] || ./mvnw -q -pl api dependency:resolve >/dev/null

python3 - "$N" "$WORK/wiremock" <<'PY'
import json, os, sys
n, root = int(sys.argv[1]), sys.argv[2]
os.makedirs(f"{root}/mappings"); os.makedirs(f"{root}/__files")
size = 500
pages = (n + size - 1) // size
for p in range(pages):
    items = []
    for i in range(p * size, min(n, (p + 1) * size)):
        items.append({
            "apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "metadata": {"name": f"service-{i}", "namespace": "default", "uid": f"uid-{i}", "etag": f"etag-{i}",
                         "annotations": {"backstage.io/managed-by-location": f"url:https://git.example/s/{i}/catalog-info.yaml"}},
            "spec": {"type": "service", "lifecycle": "production", "owner": f"team-{i % 50}", "dependsOn": [f"component:service-{(i + 1) % n}"]},
            "relations": [{"type": "ownedBy", "targetRef": f"group:default/team-{i % 50}"},
                          {"type": "dependsOn", "targetRef": f"component:default/service-{(i + 1) % n}"},
                          {"type": "dependencyOf", "targetRef": f"component:default/service-{(i - 1) % n}"}]})
    body = {"items": items, "totalItems": n, "pageInfo": {"nextCursor": f"c{p + 1}"} if p + 1 < pages else {}}
    json.dump(body, open(f"{root}/__files/page-{p}.json", "w"))
    query = {"cursor": {"absent": True}} if p == 0 else {"cursor": {"equalTo": f"c{p}"}}
    json.dump({"request": {"method": "GET", "urlPath": "/api/catalog/entities/by-query", "queryParameters": query},
               "response": {"status": 200, "bodyFileName": f"page-{p}.json", "headers": {"Content-Type": "application/json"}}},
              open(f"{root}/mappings/page-{p}.json", "w"))
PY

java -jar "$WIREMOCK_JAR" --port 18089 --root-dir "$WORK/wiremock" --disable-banner > "$WORK/wiremock.log" 2>&1 &
WM=$!
java -Xmx1g -jar api/target/stagehand.jar --server.port=18090 --stagehand.demo.enabled=false \
  --stagehand.embedded.data-dir="$WORK/pg" --stagehand.sources[0].name=bs --stagehand.sources[0].type=backstage \
  --stagehand.sources[0].url=http://localhost:18089 --stagehand.sources[0].refresh=PT15S > "$WORK/stagehand.log" 2>&1 &
SH=$!
trap 'kill $SH $WM 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 240); do
  [ "$(grep -c 'Source bs: run' "$WORK/stagehand.log" || true)" -ge 2 ] && break
  sleep 1
done
grep 'Source bs: run' "$WORK/stagehand.log" | sed 's/.*Source bs: /bs: /' | head -2
