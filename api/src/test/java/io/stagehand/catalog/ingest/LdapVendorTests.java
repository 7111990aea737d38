package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldif.LDIFReader;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.Json;
import io.stagehand.model.ReadResult;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * FreeIPA and AE-DIR, recognised by their root DSE as Backstage's provider recognises them ({@code
 * ipaDomainLevel}, {@code aeRoot}) and read their way: the entry's own DN, and FreeIPA's
 * {@code ipaUniqueID} or AE-DIR's {@code entryUUID} as the id. Each directory is shaped like the
 * product's: FreeIPA's {@code cn=accounts} tree with roles among a user's {@code memberOf}, AE-DIR's
 * zones with {@code aeGroup}s listing members by DN and by {@code memberUid}.
 */
class LdapVendorTests {

    static InMemoryDirectoryServer directory(String base, Attribute rootDse, String ldif) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
        config.setSchema(null);
        // ids as the product writes them, not ones the in-memory server would make up
        config.setGenerateOperationalAttributes(false);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        config.setCustomRootDSEAttributes(List.of(rootDse));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.startListening();
        try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(ldif.getBytes(StandardCharsets.UTF_8)))) {
            server.importFromLDIF(true, reader);
        }
        return server;
    }

    static Map<String, JsonNode> read(InMemoryDirectoryServer directory, Map<String, String> keys) {
        Map<String, String> properties = new HashMap<>(Map.of("stagehand.sources[0].type", "ldap",
                "stagehand.sources[0].target", "ldap://localhost:" + directory.getListenPort()));
        keys.forEach((key, value) -> properties.put("stagehand.sources[0]." + key, value));
        CatalogProperties catalog = new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("stagehand", CatalogProperties.class);
        ReadResult result = new LdapReader("directory", catalog.sources().get(0), OrgTransformers.NONE).read();
        assertThat(result.problems()).isEmpty();
        Map<String, JsonNode> byRef = new TreeMap<>();
        for (IngestedEntity entity : result.entities()) {
            byRef.put(entity.ref().toString(), Json.MAPPER.readTree(entity.descriptorJson()));
        }
        return byRef;
    }

    static DirectoryVendor detected(InMemoryDirectoryServer directory) throws Exception {
        try (LDAPConnection connection = directory.getConnection()) {
            return DirectoryVendor.of(connection, null);
        }
    }

    @Test
    void aFreeIpaDirectoryIsReadByIpaUniqueIdAndTheEntrysOwnDn() throws Exception {
        InMemoryDirectoryServer freeIpa = directory("dc=ipa,dc=example,dc=test", new Attribute("ipaDomainLevel", "1"), """
                dn: dc=ipa,dc=example,dc=test
                objectClass: domain

                dn: cn=accounts,dc=ipa,dc=example,dc=test
                objectClass: nsContainer

                dn: cn=users,cn=accounts,dc=ipa,dc=example,dc=test
                objectClass: nsContainer

                dn: cn=groups,cn=accounts,dc=ipa,dc=example,dc=test
                objectClass: nsContainer

                dn: uid=jdoe,cn=users,cn=accounts,dc=ipa,dc=example,dc=test
                objectClass: inetOrgPerson
                objectClass: posixAccount
                objectClass: ipaObject
                uid: jdoe
                cn: Jane Doe
                mail: jdoe@ipa.example.test
                ipaUniqueID: 5d2a8a0e-5c9e-11ee-9a4b-525400b2c3d4
                memberOf: cn=developers,cn=groups,cn=accounts,dc=ipa,dc=example,dc=test
                memberOf: cn=helpdesk,cn=roles,cn=accounts,dc=ipa,dc=example,dc=test

                dn: cn=developers,cn=groups,cn=accounts,dc=ipa,dc=example,dc=test
                objectClass: groupOfNames
                objectClass: ipaUserGroup
                objectClass: ipaObject
                cn: developers
                description: Developers
                ipaUniqueID: 6e3b9b1f-5c9e-11ee-9a4b-525400b2c3d4
                member: uid=jdoe,cn=users,cn=accounts,dc=ipa,dc=example,dc=test

                dn: cn=engineering,cn=groups,cn=accounts,dc=ipa,dc=example,dc=test
                objectClass: groupOfNames
                objectClass: ipaUserGroup
                objectClass: ipaObject
                cn: engineering
                ipaUniqueID: 7f4cac20-5c9e-11ee-9a4b-525400b2c3d4
                member: cn=developers,cn=groups,cn=accounts,dc=ipa,dc=example,dc=test
                """);
        try {
            assertThat(detected(freeIpa)).isEqualTo(DirectoryVendor.FREE_IPA);
            Map<String, JsonNode> read = read(freeIpa, Map.of("users.dn", "cn=users,cn=accounts,dc=ipa,dc=example,dc=test",
                    "groups.dn", "cn=groups,cn=accounts,dc=ipa,dc=example,dc=test",
                    "groups.options.filter", "(objectClass=ipaUserGroup)"));
            JsonNode jane = read.get("user:default/jdoe").at("/metadata/annotations");
            assertThat(jane.path("backstage.io/ldap-uuid").asString()).isEqualTo("5d2a8a0e-5c9e-11ee-9a4b-525400b2c3d4");
            assertThat(jane.path("backstage.io/ldap-dn").asString()).isEqualTo("uid=jdoe,cn=users,cn=accounts,dc=ipa,dc=example,dc=test");
            assertThat(read.get("group:default/developers").at("/metadata/annotations/backstage.io~1ldap-uuid").asString())
                    .isEqualTo("6e3b9b1f-5c9e-11ee-9a4b-525400b2c3d4");
            // the role among jdoe's memberOf is no group read, so it gives no relation
            assertThat(Json.MAPPER.convertValue(read.get("user:default/jdoe").at("/spec/memberOf"), List.class))
                    .containsExactly("group:default/developers");
            assertThat(read.get("group:default/developers").at("/spec/parent").asString()).isEqualTo("group:default/engineering");
        } finally {
            freeIpa.shutDown(true);
        }
    }

    @Test
    void anAeDirDirectoryIsReadByEntryUuidAndTheEntrysOwnDn() throws Exception {
        InMemoryDirectoryServer aeDir = directory("ou=ae-dir", new Attribute("aeRoot", "ou=ae-dir"), """
                dn: ou=ae-dir
                objectClass: organizationalUnit
                objectClass: aeRoot

                dn: cn=dev,ou=ae-dir
                objectClass: namedObject
                objectClass: aeZone
                cn: dev

                dn: uid=jdoe,cn=dev,ou=ae-dir
                objectClass: account
                objectClass: aeUser
                uid: jdoe
                cn: Jane Doe
                displayName: Jane Doe (jdoe/1234)
                mail: jdoe@ae-dir.example.test
                entryUUID: 0b6f4e7a-1d2c-4b3a-9e8f-7a6b5c4d3e2f
                memberOf: cn=dev-users,cn=dev,ou=ae-dir

                dn: cn=dev-users,cn=dev,ou=ae-dir
                objectClass: groupOfEntries
                objectClass: posixGroup
                objectClass: aeGroup
                cn: dev-users
                description: Developers
                entryUUID: 1c7f5f8b-2e3d-4c4b-8f90-8b7c6d5e4f30
                member: uid=jdoe,cn=dev,ou=ae-dir
                memberUid: jdoe
                """);
        try {
            assertThat(detected(aeDir)).isEqualTo(DirectoryVendor.AE_DIR);
            Map<String, JsonNode> read = read(aeDir, Map.of("users.dn", "cn=dev,ou=ae-dir", "users.options.filter", "(objectClass=aeUser)",
                    "users.map.display-name", "displayName", "groups.dn", "cn=dev,ou=ae-dir", "groups.options.filter", "(objectClass=aeGroup)"));
            JsonNode jane = read.get("user:default/jdoe");
            assertThat(jane.at("/metadata/annotations/backstage.io~1ldap-uuid").asString()).isEqualTo("0b6f4e7a-1d2c-4b3a-9e8f-7a6b5c4d3e2f");
            assertThat(jane.at("/metadata/annotations/backstage.io~1ldap-dn").asString()).isEqualTo("uid=jdoe,cn=dev,ou=ae-dir");
            assertThat(jane.at("/spec/profile/displayName").asString()).isEqualTo("Jane Doe (jdoe/1234)");
            assertThat(Json.MAPPER.convertValue(jane.at("/spec/memberOf"), List.class)).containsExactly("group:default/dev-users");
            assertThat(read.get("group:default/dev-users").at("/metadata/annotations/backstage.io~1ldap-uuid").asString())
                    .isEqualTo("1c7f5f8b-2e3d-4c4b-8f90-8b7c6d5e4f30");
        } finally {
            aeDir.shutDown(true);
        }
    }

    @Test
    void aDirectoryWithoutAKnownMarkIsReadTheDefaultWay() throws Exception {
        InMemoryDirectoryServer plain = directory("dc=example,dc=com", new Attribute("vendorName", "Example Directory"), """
                dn: dc=example,dc=com
                objectClass: domain
                """);
        try {
            assertThat(detected(plain)).isEqualTo(DirectoryVendor.DEFAULT);
        } finally {
            plain.shutDown(true);
        }
    }
}
