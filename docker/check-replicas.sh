#!/usr/bin/env bash
# Runs the compose profile "replicas" (two Stagehands on one PostgreSQL behind nginx) and checks that
# each source runs on one replica, that a change read by one is served by both, and that killing the
# runner hands its source to the other. Needs Docker with Compose v2. From the repository root:
#   STAGEHAND_TOKEN=$(openssl rand -hex 24) docker/check-replicas.sh        (KEEP=1 leaves it running)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STAGEHAND_TOKEN:?set STAGEHAND_TOKEN to a secret of at least 16 characters}"
export STAGEHAND_TOKEN
compose=(docker compose -f docker/compose.yaml --profile replicas)
folder=docker/replicas-catalog
made=()

finish() {
  for f in "${made[@]}"; do rm -f "$f"; done
  if [ "${KEEP:-0}" != 1 ]; then "${compose[@]}" down >/dev/null 2>&1 || true; fi
}
trap finish EXIT

fail() { echo "FAILED: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

# the ref as one replica's API serves it, or nothing
served() {
  "${compose[@]}" exec -T "$1" curl -fsS -m 5 localhost:7171/graphql \
    -H "Authorization: Bearer $STAGEHAND_TOKEN" -H 'content-type: application/json' \
    -d "{\"query\":\"{ entity(ref: \\\"component:default/$2\\\") { ref } }\"}" 2>/dev/null | grep -o '"ref":"[^"]*"' || true
}

# waits up to $3 seconds for replica $1 to serve component $2; prints the milliseconds since $4
await_served() {
  local deadline=$(( $(date +%s) + $3 ))
  until [ -n "$(served "$1" "$2")" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "$1 did not serve component:default/$2 within $3 s"
    sleep 0.1
  done
  echo $(( $(now_ms) - $4 ))
}

add_component() {
  local file="$folder/check-$1.yaml"
  printf 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: %s\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/platform-team\n' "$1" > "$file"
  chmod 644 "$file"
  made+=("$file")
}

# the replica that last took the lock of the shared-folder source, from its log line
runner() {
  local latest="" at=""
  for service in stagehand stagehand-2; do
    # lines start with their timestamp, which sorts as text
    line=$("${compose[@]}" logs --no-log-prefix --timestamps "$service" 2>/dev/null \
      | grep "Source shared-folder runs on this replica" | tail -1 | cut -d' ' -f1 || true)
    if [ -n "$line" ] && [[ -z "$at" || "$line" > "$at" ]]; then latest=$service; at=$line; fi
  done
  echo "$latest"
}

echo "Starting two replicas, PostgreSQL and nginx (the first build takes minutes)"
"${compose[@]}" up -d --build
for service in stagehand stagehand-2; do
  deadline=$(( $(date +%s) + 300 ))
  until "${compose[@]}" exec -T "$service" curl -fsS -m 5 localhost:7171/actuator/health/readiness >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "$service is not ready after 5 minutes"
    sleep 2
  done
done
curl -fsS -m 5 localhost:7180/actuator/health/readiness >/dev/null || fail "the load balancer does not reach the replicas"
echo "Both replicas are ready; nginx answers on port 7180"

# one holder per source lock: PostgreSQL's own view of the advisory locks Stagehand takes
sleep 5
holders=$("${compose[@]}" exec -T postgres psql -U stagehand -d stagehand -tA -c \
  "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1398030663 AND granted")
duplicates=$("${compose[@]}" exec -T postgres psql -U stagehand -d stagehand -tA -c \
  "SELECT count(*) FROM (SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = 1398030663 AND granted
     GROUP BY objid HAVING count(DISTINCT pid) > 1) d")
[ "$duplicates" = 0 ] || fail "a source's lock is held by two sessions"
[ "$holders" -ge 2 ] || fail "expected a runner lock for each of the two sources, found $holders"
echo "Runner locks: $holders held, none twice"

name="check-$(date +%s)"
add_component "$name"
written=$(now_ms)
a=$(await_served stagehand "$name" 60 "$written")
b=$(await_served stagehand-2 "$name" 60 "$written")
echo "A new file was served by stagehand after $a ms and by stagehand-2 after $b ms (the source refreshes every 2 s)"

victim=$(runner)
[ -n "$victim" ] || fail "no replica says that it runs shared-folder"
survivor=$([ "$victim" = stagehand ] && echo stagehand-2 || echo stagehand)
echo "Killing $victim, which runs shared-folder"
"${compose[@]}" kill -s KILL "$victim" >/dev/null
name="handover-$(date +%s)"
add_component "$name"
written=$(now_ms)
c=$(await_served "$survivor" "$name" 120 "$written")
echo "After the kill, $survivor took the source over and served a new file after $c ms"
[ "$(runner)" = "$survivor" ] || fail "$survivor does not say that it runs shared-folder"
answer=$(curl -fsS -m 5 localhost:7180/graphql -H "Authorization: Bearer $STAGEHAND_TOKEN" -H 'content-type: application/json' \
  -d "{\"query\":\"{ entity(ref: \\\"component:default/$name\\\") { ref } }\"}")
echo "$answer" | grep -q "$name" || fail "the load balancer did not serve the change after the kill: $answer"
echo "Replicas check passed"
