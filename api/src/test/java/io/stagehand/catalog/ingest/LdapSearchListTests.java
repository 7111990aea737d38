package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldif.LDIFReader;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.Json;
import io.stagehand.model.ReadResult;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import tools.jackson.databind.JsonNode;

/**
 * The list form of an ldap source's {@code users} and {@code groups}, and {@code paged} as {@code
 * {pageSize, pagePause}}, written in YAML as a Backstage {@code ldapOrg} block is: every search's
 * entries merged, each with its own map and set, an entry two searches find read once (the first
 * search's way), and a bad shape refused at binding with the key that has it.
 */
class LdapSearchListTests {

    static InMemoryDirectoryServer directory;

    @BeforeAll
    static void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        // a search answers at most this many entries, so only pages of pageSize read them all
        config.setMaxSizeLimit(3);
        directory = new InMemoryDirectoryServer(config);
        directory.startListening();
        StringBuilder ldif = new StringBuilder("""
                dn: dc=example,dc=com
                objectClass: domain

                dn: ou=people,dc=example,dc=com
                objectClass: organizationalUnit

                dn: ou=contractors,dc=example,dc=com
                objectClass: organizationalUnit

                dn: ou=teams,dc=example,dc=com
                objectClass: organizationalUnit

                dn: ou=departments,dc=example,dc=com
                objectClass: organizationalUnit

                dn: uid=cora,ou=contractors,dc=example,dc=com
                objectClass: inetOrgPerson
                uid: cora
                employeeNumber: c-17
                cn: Cora

                dn: cn=platform,ou=departments,dc=example,dc=com
                objectClass: groupOfNames
                cn: platform
                member: cn=team-0,ou=teams,dc=example,dc=com

                dn: cn=team-0,ou=teams,dc=example,dc=com
                objectClass: groupOfNames
                cn: team-0
                member: uid=user-1,ou=people,dc=example,dc=com
                member: uid=cora,ou=contractors,dc=example,dc=com
                """);
        for (int i = 0; i < 7; i++) {
            ldif.append("\ndn: uid=user-").append(i).append(",ou=people,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: user-")
                    .append(i).append("\ncn: User ").append(i).append('\n');
        }
        try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(ldif.toString().getBytes(StandardCharsets.UTF_8)))) {
            directory.importFromLDIF(true, reader);
        }
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    static CatalogProperties.SourceProperties bind(String sourceYaml) throws Exception {
        return bind(sourceYaml, directory.getListenPort());
    }

    /** An ldap source named directory, written in YAML, for the directory on {@code port}. */
    static CatalogProperties.SourceProperties bind(String sourceYaml, int port) throws Exception {
        String yaml = "stagehand:\n  sources:\n    - name: directory\n      type: ldap\n      target: ldap://localhost:" + port
                + "\n" + sourceYaml.indent(6);
        var loaded = new YamlPropertySourceLoader().load("app-config", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        return new Binder(ConfigurationPropertySources.from(loaded)).bindOrCreate("stagehand", CatalogProperties.class).sources().get(0);
    }

    static Map<String, JsonNode> read(String sourceYaml) throws Exception {
        ReadResult result = new LdapReader("directory", bind(sourceYaml), OrgTransformers.NONE).read();
        assertThat(result.problems()).isEmpty();
        Map<String, JsonNode> byRef = new TreeMap<>();
        for (IngestedEntity entity : result.entities()) {
            byRef.put(entity.ref().toString(), Json.MAPPER.readTree(entity.descriptorJson()));
        }
        return byRef;
    }

    @Test
    void everySearchOfTheListFormIsReadWithItsOwnMapAndSetAndTheResultsMerged() throws Exception {
        Map<String, JsonNode> read = read("""
                users:
                  - dn: ou=people,dc=example,dc=com
                    options:
                      filter: (uid=user-*)
                      paged:
                        pageSize: 2
                        pagePause: true
                  - dn: ou=contractors,dc=example,dc=com
                    map:
                      name: employeeNumber
                    set:
                      metadata.labels.contract: external
                groups:
                  - dn: ou=teams,dc=example,dc=com
                  - dn: ou=departments,dc=example,dc=com
                    set:
                      spec.type: department
                """);
        assertThat(read.keySet()).containsExactlyInAnyOrder("user:default/user-0", "user:default/user-1", "user:default/user-2",
                "user:default/user-3", "user:default/user-4", "user:default/user-5", "user:default/user-6", "user:default/c-17",
                "group:default/team-0", "group:default/platform");
        assertThat(read.get("user:default/c-17").at("/metadata/labels/contract").asString()).isEqualTo("external");
        assertThat(read.get("user:default/user-1").at("/metadata/labels").isMissingNode()).isTrue();
        assertThat(read.get("group:default/platform").at("/spec/type").asString()).isEqualTo("department");
        assertThat(read.get("group:default/team-0").at("/spec/type").asString()).isEqualTo("unknown");
        // relations cross the searches: a team of one search under a department of another, members from both user searches
        assertThat(read.get("group:default/team-0").at("/spec/parent").asString()).isEqualTo("group:default/platform");
        assertThat(Json.MAPPER.convertValue(read.get("user:default/c-17").at("/spec/memberOf"), List.class))
                .containsExactly("group:default/team-0");
    }

    @Test
    void anEntryTwoSearchesFindIsReadOnceTheFirstSearchesWay() throws Exception {
        Map<String, JsonNode> read = read("""
                users:
                  - dn: ou=people,dc=example,dc=com
                    options:
                      filter: (uid=user-1)
                      paged: false
                    set:
                      metadata.labels.first: "yes"
                  - dn: dc=example,dc=com
                    options:
                      scope: sub
                      filter: (|(uid=user-1)(uid=user-2))
                    set:
                      metadata.labels.second: "yes"
                """);
        assertThat(read.keySet()).containsExactly("user:default/user-1", "user:default/user-2");
        assertThat(read.get("user:default/user-1").at("/metadata/labels").properties()).extracting(Map.Entry::getKey).containsExactly("first");
        assertThat(read.get("user:default/user-2").at("/metadata/labels/second").asString()).isEqualTo("yes");
    }

    @Test
    void theSingleObjectFormAndPagedAsABooleanStillBind() throws Exception {
        var source = bind("""
                users:
                  dn: ou=people,dc=example,dc=com
                  options:
                    paged: true
                    page-size: 4
                    attributes: [uid, cn]
                """);
        assertThat(source.userSearches()).singleElement().satisfies(search -> {
            assertThat(search.dn()).isEqualTo("ou=people,dc=example,dc=com");
            assertThat(search.options().paged()).isTrue();
            assertThat(search.options().pageSize()).isEqualTo(4);
            assertThat(search.options().scope()).isEqualTo("one");
            assertThat(search.options().attributes()).containsExactly("uid", "cn");
        });
        assertThat(source.groupSearches()).isEmpty();
    }

    @Test
    void theListFormBindsFromPropertiesAndTheEnvironmentToo() {
        var properties = new MapConfigurationPropertySource(Map.of(
                "stagehand.sources[0].type", "ldap", "stagehand.sources[0].target", "ldap://localhost",
                "stagehand.sources[0].users[0].dn", "ou=people,dc=example,dc=com",
                "stagehand.sources[0].users[1].dn", "ou=contractors,dc=example,dc=com",
                "stagehand.sources[0].users[1].options.paged.page-size", "7"));
        var environment = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("STAGEHAND_SOURCES_0_TYPE", "ldap",
                "STAGEHAND_SOURCES_0_TARGET", "ldap://localhost", "STAGEHAND_SOURCES_0_GROUPS_0_DN", "ou=teams,dc=example,dc=com",
                "STAGEHAND_SOURCES_0_GROUPS_1_DN", "ou=departments,dc=example,dc=com"));
        var fromProperties = new Binder(properties).bindOrCreate("stagehand", CatalogProperties.class).sources().get(0);
        assertThat(fromProperties.userSearches()).extracting(CatalogProperties.LdapSearch::dn)
                .containsExactly("ou=people,dc=example,dc=com", "ou=contractors,dc=example,dc=com");
        assertThat(fromProperties.userSearches().get(1).options().pageSize()).isEqualTo(7);
        var fromEnvironment = new Binder(ConfigurationPropertySources.from(environment)).bindOrCreate("stagehand", CatalogProperties.class)
                .sources().get(0);
        assertThat(fromEnvironment.groupSearches()).extracting(CatalogProperties.LdapSearch::dn)
                .containsExactly("ou=teams,dc=example,dc=com", "ou=departments,dc=example,dc=com");
    }

    @Test
    void aBadShapeIsRefusedWithTheKeyThatHasIt() {
        assertThatThrownBy(() -> bind("users:\n  - dn: ou=people,dc=example,dc=com\n    options:\n      paged: sometimes\n"))
                .rootCause().hasMessage("users[0].options.paged: must be true, false or an object with pageSize and pagePause");
        assertThatThrownBy(() -> bind("groups:\n  - dn: ou=teams,dc=example,dc=com\n  - options:\n      scope: sub\n"))
                .rootCause().hasMessageContaining("groups[1].dn:");
        assertThatThrownBy(() -> bind("users:\n  dn: ou=people,dc=example,dc=com\n  options:\n    paged:\n      pageSize: 0\n"))
                .rootCause().hasMessage("users.options.paged.pageSize: must be at least 1");
        assertThatThrownBy(() -> bind("users:\n  dn: ou=people,dc=example,dc=com\n  options:\n    scope: deep\n"))
                .rootCause().hasMessage("users.options.scope: must be base, one or sub");
        assertThatThrownBy(() -> bind("users:\n  dn: ou=people,dc=example,dc=com\n  mapping:\n    name: cn\n"))
                .rootCause().hasMessageStartingWith("users.mapping: not a key Backstage's ldapOrg reads here");
        assertThatThrownBy(() -> bind("users:\n  - ou=people,dc=example,dc=com\n"))
                .rootCause().hasMessage("users[0]: must be a search (an object with dn, options, map and set)");
        assertThatThrownBy(() -> bind("users:\n  dn: ou=people,dc=example,dc=com\n  map: uid\n"))
                .rootCause().hasMessage("users.map: must be an object");
    }
}
