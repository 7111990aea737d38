package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.model.Json;
import io.stagehand.model.ReadResult;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An Active-Directory-shaped directory (its root DSE lists {@code forestFunctionality}; entries
 * carry {@code distinguishedName}, a binary {@code objectGUID}, {@code sAMAccountName}): found as
 * Backstage's provider finds it, with the GUID in its usual text form as the entity's
 * {@code backstage.io/ldap-uuid}.
 */
class ActiveDirectoryTests {

    static InMemoryDirectoryServer directory;
    /** The bytes of GUID 01234567-89ab-cdef-0011-223344556677 as Active Directory stores them. */
    static final byte[] GUID = HexFormat.of().parseHex("67452301ab89efcd0011223344556677");

    @BeforeAll
    static void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=corp,dc=example,dc=com");
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        config.setCustomRootDSEAttributes(List.of(new Attribute("forestFunctionality", "7")));
        directory = new InMemoryDirectoryServer(config);
        directory.startListening();
        directory.add("dn: dc=corp,dc=example,dc=com", "objectClass: domain", "dc: corp");
        directory.add("dn: cn=Users,dc=corp,dc=example,dc=com", "objectClass: container", "cn: Users");
        Entry user = new Entry("cn=Jane Doe,cn=Users,dc=corp,dc=example,dc=com");
        user.addAttribute("objectClass", "user");
        user.addAttribute("cn", "Jane Doe");
        user.addAttribute("sAMAccountName", "jdoe");
        user.addAttribute("mail", "jane@example.com");
        user.addAttribute("distinguishedName", "CN=Jane Doe,CN=Users,DC=corp,DC=example,DC=com");
        user.addAttribute(new Attribute("objectGUID", GUID));
        directory.add(user);
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    static ReadResult read(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "stagehand.sources[0].name", "ad",
                "stagehand.sources[0].type", "ldap",
                "stagehand.sources[0].target", "ldap://localhost:" + directory.getListenPort(),
                "stagehand.sources[0].users.dn", "cn=Users,dc=corp,dc=example,dc=com",
                "stagehand.sources[0].users.options.filter", "(objectClass=user)",
                "stagehand.sources[0].users.map.rdn", "sAMAccountName",
                "stagehand.sources[0].users.map.name", "sAMAccountName"));
        properties.putAll(extra);
        CatalogProperties catalog = new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("stagehand", CatalogProperties.class);
        return new LdapReader("ad", catalog.sources().get(0), OrgTransformers.NONE).read();
    }

    @Test
    void anActiveDirectoryIsRecognisedAndItsGuidAndDistinguishedNameAreUsed() {
        ReadResult result = read(Map.of());
        assertThat(result.problems()).isEmpty();
        JsonNode jane = Json.MAPPER.readTree(result.entities().get(0).descriptorJson());
        assertThat(jane.path("metadata").path("name").asString()).isEqualTo("jdoe");
        JsonNode annotations = jane.path("metadata").path("annotations");
        assertThat(annotations.path("backstage.io/ldap-uuid").asString()).isEqualTo("01234567-89ab-cdef-0011-223344556677");
        assertThat(annotations.path("backstage.io/ldap-dn").asString()).isEqualTo("CN=Jane Doe,CN=Users,DC=corp,DC=example,DC=com");
    }

    @Test
    void theSourcesVendorSettingsWin() {
        ReadResult result = read(Map.of("stagehand.sources[0].vendor.uuid-attribute-name", "sAMAccountName"));
        JsonNode jane = Json.MAPPER.readTree(result.entities().get(0).descriptorJson());
        assertThat(jane.path("metadata").path("annotations").path("backstage.io/ldap-uuid").asString()).isEqualTo("jdoe");
    }
}
