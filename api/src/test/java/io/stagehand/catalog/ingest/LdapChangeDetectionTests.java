package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldif.LDIFReader;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.ReadResult;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An ldap source reads a directory that publishes a change counter only when it changed: the
 * searches run on the first read, after any add, modify or delete, after a restart of the directory
 * with other content, at least every {@code full-read-interval}, and on every read of a directory that
 * publishes no counter or with change detection off.
 */
class LdapChangeDetectionTests {

    static final String SOURCE = """
            users:
              dn: ou=people,dc=example,dc=com
            groups:
              dn: ou=teams,dc=example,dc=com
            """;

    InMemoryDirectoryServer directory;
    final AtomicInteger searches = new AtomicInteger();

    @AfterEach
    void stop() {
        if (directory != null) {
            directory.shutDown(true);
        }
    }

    /** A directory with alice and bob in team-a; {@code changelog} keeps a changelog, whose lastChangeNumber the root DSE then shows. */
    void start(boolean changelog, int port, String... extraUsers) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), port, null));
        if (changelog) {
            config.setMaxChangeLogEntries(1000);
        }
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                // the searches of the source's users and groups, not the marker's reads of single entries
                if (request.getRequest().getScope() != com.unboundid.ldap.sdk.SearchScope.BASE) {
                    searches.incrementAndGet();
                }
            }
        });
        directory = new InMemoryDirectoryServer(config);
        directory.startListening();
        StringBuilder ldif = new StringBuilder("""
                dn: dc=example,dc=com
                objectClass: domain

                dn: ou=people,dc=example,dc=com
                objectClass: organizationalUnit

                dn: ou=teams,dc=example,dc=com
                objectClass: organizationalUnit

                dn: cn=team-a,ou=teams,dc=example,dc=com
                objectClass: groupOfNames
                cn: team-a
                member: uid=alice,ou=people,dc=example,dc=com
                member: uid=bob,ou=people,dc=example,dc=com
                """);
        for (String user : concat(List.of("alice", "bob"), extraUsers)) {
            ldif.append("\ndn: uid=").append(user).append(",ou=people,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: ").append(user)
                    .append("\ncn: ").append(user).append('\n');
        }
        try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(ldif.toString().getBytes(StandardCharsets.UTF_8)))) {
            directory.importFromLDIF(true, reader);
        }
    }

    static List<String> concat(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    LdapReader reader(String extra, Clock clock) throws Exception {
        return new LdapReader("directory", LdapSearchListTests.bind(SOURCE + extra, directory.getListenPort()), OrgTransformers.NONE, clock);
    }

    static List<String> refs(ReadResult result) {
        return result.entities().stream().map(IngestedEntity::ref).map(Object::toString).sorted().toList();
    }

    @Test
    void anUnchangedDirectoryIsNotSearchedAgainAndEveryKindOfChangeIsSeen() throws Exception {
        start(true, 0);
        LdapReader reader = reader("", Clock.systemUTC());
        assertThat(refs(reader.read())).containsExactly("group:default/team-a", "user:default/alice", "user:default/bob");
        int first = searches.get();
        assertThat(first).isEqualTo(2);

        ReadResult again = reader.read();
        assertThat(searches.get()).as("unchanged: no search").isEqualTo(first);
        assertThat(refs(again)).containsExactly("group:default/team-a", "user:default/alice", "user:default/bob");

        directory.modify("uid=bob,ou=people,dc=example,dc=com", new Modification(ModificationType.REPLACE, "cn", "Robert"));
        assertThat(reader.read().entities()).anySatisfy(e -> assertThat(e.descriptorJson()).contains("Robert"));
        assertThat(searches.get()).as("a modification is seen").isEqualTo(first + 2);

        directory.add("dn: uid=carol,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: carol", "cn: carol");
        assertThat(refs(reader.read())).contains("user:default/carol");
        directory.delete("uid=alice,ou=people,dc=example,dc=com");
        assertThat(refs(reader.read())).doesNotContain("user:default/alice").contains("user:default/carol");
        int afterChanges = searches.get();
        assertThat(afterChanges).isEqualTo(first + 6);

        reader.read();
        assertThat(searches.get()).isEqualTo(afterChanges);
        assertThat(reader.read(false).entities()).hasSize(3);
        assertThat(searches.get()).as("a run that may not skip reads whole").isEqualTo(afterChanges + 2);
    }

    @Test
    void aDirectoryRestartedWithOtherContentIsReadAgainThoughItCountsFromTheSameNumber() throws Exception {
        start(true, 0);
        int port = directory.getListenPort();
        LdapReader reader = reader("", Clock.systemUTC());
        assertThat(refs(reader.read())).hasSize(3);
        directory.shutDown(true);
        searches.set(0);
        // the same LDIF plus one user, loaded at start: no change is counted, but the entries are new
        start(true, port, "dave");
        assertThat(refs(reader.read())).contains("user:default/dave");
        assertThat(searches.get()).isEqualTo(2);
    }

    @Test
    void aContextCsnAsOpenLdapKeepsItTellsChangesToo() throws Exception {
        start(false, 0);
        // what syncprov does on every write: the naming context's contextCSN moves
        directory.modify("dc=example,dc=com", new Modification(ModificationType.ADD, "contextCSN", "20261208000000.000000Z#000000#000#000000"));
        LdapReader reader = reader("", Clock.systemUTC());
        reader.read();
        reader.read();
        assertThat(searches.get()).isEqualTo(2);
        directory.modify("dc=example,dc=com", new Modification(ModificationType.REPLACE, "contextCSN", "20261208000001.000000Z#000000#000#000000"));
        reader.read();
        assertThat(searches.get()).isEqualTo(4);
    }

    @Test
    void readWholeAtLeastEveryFullReadInterval() throws Exception {
        start(true, 0);
        MutableClock clock = new MutableClock(Instant.parse("2026-12-08T00:00:00Z"));
        LdapReader reader = reader("changeDetection:\n  fullReadInterval: PT1H\n", clock);
        reader.read();
        clock.now = clock.now.plus(Duration.ofMinutes(59));
        reader.read();
        assertThat(searches.get()).isEqualTo(2);
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        reader.read();
        assertThat(searches.get()).isEqualTo(4);
    }

    @Test
    void withoutACounterOrWithDetectionOffEveryReadSearches() throws Exception {
        start(false, 0);
        LdapReader reader = reader("", Clock.systemUTC());
        reader.read();
        reader.read();
        assertThat(searches.get()).as("no changelog: nothing tells a change").isEqualTo(4);
        directory.shutDown(true);
        searches.set(0);
        start(true, 0);
        LdapReader off = reader("changeDetection:\n  enabled: false\n", Clock.systemUTC());
        off.read();
        off.read();
        assertThat(searches.get()).isEqualTo(4);
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
