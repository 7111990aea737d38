#!/usr/bin/env bash
# How long an ldap source takes to read a directory of N users (default 20,000) and N/10 nested groups.
# UnboundID's in-memory directory server, through its own launcher in the LDAP SDK jar that Maven
# already holds, serves an LDIF made here: users under ou=people (uid, cn, sn, mail), groups under
# ou=groups (groupOfNames, 20 user members each, every user in two groups), the groups a tree ten
# wide (group i is a member of group i/10 - 1). Searches are paged in pages of PAGE_SIZE (default
# 5,000): the in-memory server evaluates the whole search again for every page, which a directory
# with server-side paging does not, so small pages measure the fake (PAGE_SIZE=500, Stagehand's
# default, shows how much). Stagehand is started as a user starts it
# (java -jar, embedded PostgreSQL in a fresh folder) with the source on its command line, and reads
# the directory twice: cold, then unchanged. The figures are the run times Stagehand logs. The fake
# keeps a changelog (lastChangeNumber in its root DSE, as 389, OpenDJ and the like publish one), so
# the unchanged run can tell nothing changed; CHANGELOG=0 serves a directory that publishes no
# counter, which every run reads whole.
#
# Usage: [JAVA=<jdk>/bin/java] bench/ldap-org.sh [users]      (needs: ./mvnw -pl api package -DskipTests, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
PAGE_SIZE=${PAGE_SIZE:-5000}
WORK=$(mktemp -d)
LDAP_JAR=$(find ~/.m2/repository/com/unboundid/unboundid-ldapsdk -name 'unboundid-ldapsdk-*.jar' ! -name '*-sources.jar' | sort | tail -1)
[ -f api/target/stagehand.jar ] || ./mvnw -q -pl api package -DskipTests
[ -n "$LDAP_JAR" ] || { echo "no unboundid-ldapsdk jar in ~/.m2 (run ./mvnw -pl api dependency:resolve)" >&2; exit 1; }

python3 - "$N" "$WORK/directory.ldif" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
groups = max(1, n // 10)
base = "dc=example,dc=com"
members = [[] for _ in range(groups)]
for u in range(n):
    members[u % groups].append(u)
    members[(u * 7 + 3) % groups].append(u)
with open(path, "w") as out:
    out.write(f"dn: {base}\nobjectClass: domain\ndc: example\n\n")
    out.write(f"dn: ou=people,{base}\nobjectClass: organizationalUnit\nou: people\n\n")
    out.write(f"dn: ou=groups,{base}\nobjectClass: organizationalUnit\nou: groups\n\n")
    for u in range(n):
        out.write(f"dn: uid=user-{u},ou=people,{base}\nobjectClass: inetOrgPerson\nuid: user-{u}\ncn: User {u}\nsn: {u}\n"
                  f"mail: user-{u}@example.com\n\n")
    for g in range(groups):
        out.write(f"dn: cn=group-{g},ou=groups,{base}\nobjectClass: groupOfNames\ncn: group-{g}\ndescription: Group {g}\n")
        for u in sorted(set(members[g])):
            out.write(f"member: uid=user-{u},ou=people,{base}\n")
        for child in range(10 * (g + 1), min(groups, 10 * (g + 2))):
            out.write(f"member: cn=group-{child},ou=groups,{base}\n")
        out.write("\n")
PY

"${JAVA:-java}" -Xmx1g -cp "$LDAP_JAR" com.unboundid.ldap.listener.InMemoryDirectoryServerTool --port 18389 --baseDN dc=example,dc=com \
  --ldifFile "$WORK/directory.ldif" $([ "${CHANGELOG:-1}" = 1 ] && echo --maxChangeLogEntries 1000) > "$WORK/directory.log" 2>&1 &
DS=$!
SH=""
trap 'kill $SH $DS 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do grep -q 'Listening' "$WORK/directory.log" && break; sleep 0.5; done
"${JAVA:-java}" -jar api/target/stagehand.jar --server.port=18390 --stagehand.demo.enabled=false \
  --stagehand.embedded.data-dir="$WORK/pg" --stagehand.sources[0].name=directory --stagehand.sources[0].type=ldap \
  --stagehand.sources[0].target=ldap://localhost:18389 \
  --stagehand.sources[0].users.dn=ou=people,dc=example,dc=com --stagehand.sources[0].users.options.filter='(objectClass=inetOrgPerson)' \
  --stagehand.sources[0].users.options.paged.pageSize=$PAGE_SIZE \
  --stagehand.sources[0].groups.dn=ou=groups,dc=example,dc=com --stagehand.sources[0].groups.options.filter='(objectClass=groupOfNames)' \
  --stagehand.sources[0].groups.options.paged.pageSize=$PAGE_SIZE \
  --stagehand.sources[0].refresh=PT30S > "$WORK/stagehand.log" 2>&1 &
SH=$!
for _ in $(seq 1 300); do
  [ "$(grep -c 'Source directory: run' "$WORK/stagehand.log" || true)" -ge 2 ] && break
  sleep 1
done
grep 'Source directory: run' "$WORK/stagehand.log" | sed 's/.*Source directory: /directory: /' | head -2
