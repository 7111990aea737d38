package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFReader;
import io.stagehand.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ldap source against a real directory (UnboundID's in-memory server, paging on): users and
 * nested groups become the entities and relations Backstage's LDAP provider makes of them, with its
 * default attribute mappings, Backstage's configuration keys and paged searches; a bad entry fails
 * alone, and a directory that cannot be reached fails the run and deletes nothing.
 */
class LdapSourceTests extends IntegrationTest {

    static final String SECRET = "directory-secret-0123456789";
    static final InMemoryDirectoryServer directory = start();

    static InMemoryDirectoryServer start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
            // a fixed port, so the listener comes back where the source looks after the test that stops it
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                port = free.getLocalPort();
            }
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", port));
            config.addAdditionalBindCredentials("cn=reader,dc=example,dc=com", SECRET);
            // memberOf as an OpenLDAP overlay would add it, which the standard schema has no room for
            config.setSchema(null);
            // as directories do: a search answers at most this many entries, so only a paged one reads them all
            config.setMaxSizeLimit(50);
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.startListening();
            return server;
        } catch (LDAPException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void source(DynamicPropertyRegistry registry) {
        registry.add("stagehand.sources[0].name", () -> "directory");
        registry.add("stagehand.sources[0].type", () -> "ldap");
        registry.add("stagehand.sources[0].target", () -> "ldap://localhost:" + directory.getListenPort());
        registry.add("stagehand.sources[0].bind.dn", () -> "cn=reader,dc=example,dc=com");
        registry.add("stagehand.sources[0].bind.secret", () -> SECRET);
        registry.add("stagehand.sources[0].users.dn", () -> "ou=people,dc=example,dc=com");
        registry.add("stagehand.sources[0].users.options.filter", () -> "(objectClass=inetOrgPerson)");
        registry.add("stagehand.sources[0].users.options.page-size", () -> "40");
        registry.add("stagehand.sources[0].groups.dn", () -> "ou=groups,dc=example,dc=com");
        registry.add("stagehand.sources[0].groups.options.filter", () -> """
                (&
                  (objectClass=groupOfNames)
                  (!(cn=ignored))
                )""");
        registry.add("stagehand.sources[0].groups.map.description", () -> "ou");
        registry.add("stagehand.sources[0].groups.set.metadata.labels.source", () -> "ldap");
        registry.add("stagehand.sources[0].refresh", () -> "PT1H");
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    @BeforeEach
    void entries() throws Exception {
        directory.clear();
        StringBuilder ldif = new StringBuilder("""
                dn: dc=example,dc=com
                objectClass: domain
                dc: example

                dn: ou=people,dc=example,dc=com
                objectClass: organizationalUnit
                ou: people

                dn: ou=groups,dc=example,dc=com
                objectClass: organizationalUnit
                ou: groups

                dn: uid=alice,ou=people,dc=example,dc=com
                objectClass: inetOrgPerson
                uid: alice
                cn: Alice Liddell
                sn: Liddell
                mail: alice@example.com
                memberOf: CN=Team-A,OU=Groups,DC=example,DC=com

                dn: uid=bob,ou=people,dc=example,dc=com
                objectClass: inetOrgPerson
                uid: bob
                cn: Bob
                sn: Builder

                dn: uid=not valid!,ou=people,dc=example,dc=com
                objectClass: inetOrgPerson
                uid: not valid!
                cn: Broken
                sn: Broken

                dn: cn=engineering,ou=groups,dc=example,dc=com
                objectClass: groupOfNames
                cn: engineering
                ou: Everyone who builds
                member: cn=team-a,ou=groups,dc=example,dc=com
                member: cn=team-b,ou=groups,dc=example,dc=com

                dn: cn=team-a,ou=groups,dc=example,dc=com
                objectClass: groupOfNames
                cn: team-a
                member: uid=carol-0,ou=people,dc=example,dc=com

                dn: cn=team-b,ou=groups,dc=example,dc=com
                objectClass: groupOfNames
                cn: team-b
                member: uid=bob,ou=people,dc=example,dc=com

                dn: cn=ignored,ou=groups,dc=example,dc=com
                objectClass: groupOfNames
                cn: ignored
                member: uid=bob,ou=people,dc=example,dc=com
                """);
        // more users than one page of the search holds
        for (int i = 0; i < 100; i++) {
            ldif.append("\ndn: uid=carol-").append(i).append(",ou=people,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: carol-")
                    .append(i).append("\ncn: Carol ").append(i).append("\nsn: C\n");
        }
        try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(ldif.toString().getBytes(StandardCharsets.UTF_8)))) {
            directory.importFromLDIF(true, reader);
        }
    }

    @Test
    void usersAndNestedGroupsBecomeWhatBackstagesProviderMakesOfThem() {
        RunOutcome run = refresh("directory");
        assertThat(run.counts().created()).as("102 users and 3 groups; the invalid user and the filtered group left out").isEqualTo(105);

        admin().documentName("ldapUser").execute()
                .path("entity.profile.displayName").entity(String.class).isEqualTo("Alice Liddell")
                .path("entity.profile.email").entity(String.class).isEqualTo("alice@example.com")
                .path("entity.memberOf.edges[*].node.ref").entityList(String.class).containsExactly("group:default/team-a")
                .path("entity.annotations[?(@.key == 'backstage.io/ldap-dn')].value").entityList(String.class)
                .containsExactly("uid=alice,ou=people,dc=example,dc=com")
                .path("entity.annotations[?(@.key == 'backstage.io/ldap-rdn')].value").entityList(String.class).containsExactly("alice")
                .path("entity.annotations[?(@.key == 'backstage.io/ldap-uuid')].value").entityList(String.class).hasSize(1);
        admin().documentName("ldapGroup").execute()

                .path("entity.type").entity(String.class).isEqualTo("unknown")
                .path("entity.parentRef").entity(String.class).isEqualTo("group:default/engineering")
                .path("entity.labels[0].value").entity(String.class).isEqualTo("ldap")
                .path("entity.members.edges[*].node.ref").entityList(String.class)
                .containsExactly("user:default/alice", "user:default/carol-0");
        admin().document("{ entity(ref: \"group:engineering\") { description ... on Group { children { edges { node { ref } } } } } }")
                .execute()
                .path("entity.description").entity(String.class).isEqualTo("Everyone who builds")
                .path("entity.children.edges[*].node.ref").entityList(String.class)
                .containsExactly("group:default/team-a", "group:default/team-b");
        admin().document("{ entity(ref: \"user:bob\") { ... on User { memberOf { totalCount } } } }").execute()
                .path("entity.memberOf.totalCount").entity(Integer.class).isEqualTo(1);
        assertThat(column("SELECT message FROM problems WHERE source = 'directory'"))
                .singleElement().asString().contains("uid=not valid!,ou=people,dc=example,dc=com");
        assertThat(run.counts().created()).isEqualTo(105);
    }

    @Test
    void aDirectoryThatCannotBeReachedFailsTheRunAndDeletesNothing() throws Exception {
        assertThat(refresh("directory").counts().created()).isEqualTo(105);
        directory.shutDown("ldap", true);
        try {
            RunOutcome failed = refresh("directory");
            assertThat(failed.succeeded()).isFalse();
            assertThat(failed.message()).contains("could not be read").doesNotContain(SECRET);
            assertThat(column("SELECT count(*) FROM entities WHERE source = 'directory'")).containsExactly("105");
        } finally {
            directory.startListening("ldap");
        }
    }

    @Test
    void theBindSecretNeverShowsInTheSourcesProperties() {
        var bind = new io.stagehand.catalog.CatalogProperties.LdapBind("cn=reader,dc=example,dc=com", SECRET);
        assertThat(bind.toString()).contains("cn=reader").doesNotContain(SECRET);
        admin().document("{ sources { name type target } }").execute()
                .path("sources[0].type").entity(String.class).isEqualTo("ldap")
                .path("sources[0].target").entity(String.class).isEqualTo("ldap://localhost:" + directory.getListenPort());
    }
}
