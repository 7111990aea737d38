package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.model.ReadResult;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * An ldap source over TLS against a real directory speaking LDAPS and StartTLS with a certificate
 * of its own authority (made with the JDK's keytool, for localhost only): trusted through
 * {@code tls.ca}, refused without it, refused for a host name the certificate does not name.
 */
class LdapTlsTests {

    @TempDir
    static Path dir;
    static InMemoryDirectoryServer directory;
    static Path ca;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        ca = dir.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", ca.toString());
        SSLUtil server = new SSLUtil(new KeyStoreKeyManager(keystore.toFile(), "changeit".toCharArray(), "PKCS12", "server"),
                new TrustAllTrustManager());
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setSchema(null);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0, server.createSSLServerSocketFactory(), null),
                InMemoryListenerConfig.createLDAPConfig("ldap", loopback, 0, server.createSSLSocketFactory()));
        directory = new InMemoryDirectoryServer(config);
        directory.startListening();
        directory.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        directory.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: uid=alice,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: alice", "cn: Alice", "sn: A",
                "mail: alice@example.com");
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }

    static ReadResult read(String target, Map<String, String> tls) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "stagehand.sources[0].name", "directory",
                "stagehand.sources[0].type", "ldap",
                "stagehand.sources[0].target", target,
                "stagehand.sources[0].users.dn", "ou=people,dc=example,dc=com"));
        tls.forEach((key, value) -> properties.put("stagehand.sources[0].tls." + key, value));
        CatalogProperties catalog = new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("stagehand", CatalogProperties.class);
        return new LdapReader("directory", catalog.sources().get(0), OrgTransformers.NONE).read();
    }

    @Test
    void ldapsWithTheCompanysAuthorityReadsTheDirectory() {
        ReadResult result = read("ldaps://localhost:" + directory.getListenPort("ldaps"), Map.of("ca", ca.toString()));
        assertThat(result.entities()).extracting(e -> e.ref().toString()).containsExactly("user:default/alice");
    }

    @Test
    void startTlsUpgradesAnLdapConnectionBeforeTheBind() {
        ReadResult result = read("ldap://localhost:" + directory.getListenPort("ldap"), Map.of("ca", ca.toString(), "start-tls", "true"));
        assertThat(result.entities()).extracting(e -> e.ref().toString()).containsExactly("user:default/alice");
    }

    @Test
    void aCertificateNoTrustedAuthoritySignedIsRefused() {
        assertThatThrownBy(() -> read("ldaps://localhost:" + directory.getListenPort("ldaps"), Map.of()))
                .hasMessageStartingWith("Source directory: the directory at ldaps://localhost:")
                .hasMessageContaining("could not be read");
        assertThatThrownBy(() -> read("ldap://localhost:" + directory.getListenPort("ldap"), Map.of("start-tls", "true")))
                .hasMessageContaining("could not be read");
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefused() {
        assertThatThrownBy(() -> read("ldaps://127.0.0.1:" + directory.getListenPort("ldaps"), Map.of("ca", ca.toString())))
                .hasMessageContaining("could not be read");
        assertThat(read("ldaps://127.0.0.1:" + directory.getListenPort("ldaps"), Map.of("reject-unauthorized", "false")).entities())
                .as("unless the operator turned checking off").hasSize(1);
    }

    @Test
    void anUnreadablePemFileIsNamedWithoutItsContents() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pem"), "not a certificate, secret-ish text");
        assertThatThrownBy(() -> read("ldaps://localhost:" + directory.getListenPort("ldaps"), Map.of("ca", bad.toString())))
                .hasMessageContaining("tls.ca").hasMessageNotContaining("secret-ish");
    }
}
