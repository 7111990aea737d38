#!/usr/bin/env bash
# How long an msgraph source takes to read N users (default 20,000) in pages of 100 (200 pages), as
# Microsoft Graph pages GET /users through @odata.nextLink, and 50 groups of 20 members each.
# A standalone WireMock plays Graph (/v1.0/users, /v1.0/organization/{tenant}, /v1.0/groups and
# each group's /members) and the identity platform's token endpoint, in the shapes Microsoft
# documents. Stagehand is started as a user starts it (java -jar, embedded PostgreSQL in a fresh
# folder, default http settings: at most 20 requests a second) with the source on its command line,
# and reads twice: cold, then unchanged. The figures are the run times Stagehand logs.
#
# Usage: [JAVA=<jdk>/bin/java] bench/msgraph-org.sh [users]      (needs: ./mvnw -pl api package -DskipTests, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
WORK=$(mktemp -d)
WIREMOCK_JAR=$(find ~/.m2/repository/org/wiremock/wiremock-standalone -name 'wiremock-standalone-*.jar' | sort | tail -1)
[ -f api/target/stagehand.jar ] || ./mvnw -q -pl api package -DskipTests
[ -n "$WIREMOCK_JAR" ] || { echo "no wiremock-standalone jar in ~/.m2 (run ./mvnw -pl api dependency:resolve)" >&2; exit 1; }

python3 - "$N" "$WORK/wiremock" <<'PY'
import json, os, sys
n, root = int(sys.argv[1]), sys.argv[2]
host = "http://localhost:18392"
os.makedirs(f"{root}/mappings"); os.makedirs(f"{root}/__files")
def mapping(name, request, body, status=200):
    json.dump(body, open(f"{root}/__files/{name}.json", "w"))
    json.dump({"request": request, "response": {"status": status, "bodyFileName": f"{name}.json",
               "headers": {"Content-Type": "application/json"}}}, open(f"{root}/mappings/{name}.json", "w"))
mapping("token", {"method": "POST", "urlPath": "/tenant-bench/oauth2/v2.0/token"},
        {"token_type": "Bearer", "expires_in": 3599, "access_token": "bench-graph-access-token"})
mapping("organization", {"method": "GET", "urlPath": "/v1.0/organization/tenant-bench"},
        {"id": "tenant-bench", "displayName": "Bench Corp"})
size, pages = 100, (n + 99) // 100
for p in range(pages):
    users = [{"id": f"00000000-0000-0000-0000-{i:012d}", "displayName": f"User {i}", "mail": f"user-{i}@bench.example.com",
              "userPrincipalName": f"user-{i}@bench.example.com", "jobTitle": "Engineer"}
             for i in range(p * size, min(n, (p + 1) * size))]
    body = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": users}
    if p + 1 < pages:
        body["@odata.nextLink"] = f"{host}/v1.0/users?$skiptoken=p{p + 1}"
    query = {"$skiptoken": {"absent": True}} if p == 0 else {"$skiptoken": {"equalTo": f"p{p}"}}
    mapping(f"users-{p}", {"method": "GET", "urlPath": "/v1.0/users", "queryParameters": query}, body)
groups = [{"id": f"10000000-0000-0000-0000-{g:012d}", "displayName": f"Team {g}", "mailNickname": f"team-{g}",
           "mail": f"team-{g}@bench.example.com", "description": f"Team {g}", "securityEnabled": False} for g in range(50)]
mapping("groups", {"method": "GET", "urlPath": "/v1.0/groups"}, {"value": groups})
for g, group in enumerate(groups):
    members = [{"@odata.type": "#microsoft.graph.user", "id": f"00000000-0000-0000-0000-{(g * 20 + k) % n:012d}"} for k in range(20)]
    mapping(f"members-{g}", {"method": "GET", "urlPath": f"/v1.0/groups/{group['id']}/members"}, {"value": members})
PY

"${JAVA:-java}" -jar "$WIREMOCK_JAR" --port 18392 --root-dir "$WORK/wiremock" --disable-banner --no-request-journal > "$WORK/wiremock.log" 2>&1 &
WM=$!
SH=""
trap 'kill $SH $WM 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null http://localhost:18392/__admin/mappings && break; sleep 0.5; done
"${JAVA:-java}" -jar api/target/stagehand.jar --server.port=18393 --stagehand.demo.enabled=false \
  --stagehand.embedded.data-dir="$WORK/pg" --stagehand.sources[0].name=entra --stagehand.sources[0].type=msgraph \
  --stagehand.sources[0].target=http://localhost:18392/v1.0 --stagehand.sources[0].authority=http://localhost:18392 \
  --stagehand.sources[0].tenantId=tenant-bench --stagehand.sources[0].clientId=bench-client \
  --stagehand.sources[0].clientSecret=bench-client-secret --stagehand.sources[0].refresh=PT40S > "$WORK/stagehand.log" 2>&1 &
SH=$!
for _ in $(seq 1 300); do
  [ "$(grep -c 'Source entra: run' "$WORK/stagehand.log" || true)" -ge 2 ] && break
  sleep 1
done
grep 'Source entra: run' "$WORK/stagehand.log" | sed 's/.*Source entra: /entra: /' | head -2
