package io.stagehand.catalog.ingest;

import com.unboundid.util.ssl.AggregateTrustManager;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileKeyManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import io.stagehand.catalog.CatalogProperties.LdapTls;
import java.security.KeyStoreException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** The TLS an ldap source connects with: whom it trusts and what it shows, from its {@code tls} settings. */
final class LdapTlsSetup {

    private static final Log log = LogFactory.getLog(LdapTlsSetup.class);

    private LdapTlsSetup() {
    }

    /**
     * The JVM's authorities, plus {@code ca}, for a certificate that names {@code host} (wildcards as
     * HTTPS allows them); every certificate with {@code rejectUnauthorized: false}; a client
     * certificate when given.
     */
    static SSLUtil ssl(String source, LdapTls tls, String host) {
        if (tls == null) {
            return new SSLUtil(new CertificateHostName(JVMDefaultTrustManager.getInstance(), host));
        }
        try {
            TrustManager trust;
            if (!tls.rejectUnauthorized()) {
                log.warn("Source " + source + ": tls.rejectUnauthorized is false, so any certificate is accepted; use it for a test directory only");
                trust = new TrustAllTrustManager();
            } else if (tls.ca() != null) {
                X509TrustManager authorities = new AggregateTrustManager(false, JVMDefaultTrustManager.getInstance(),
                        new PEMFileTrustManager(tls.ca().toFile()));
                trust = new CertificateHostName(authorities, host);
            } else {
                trust = new CertificateHostName(JVMDefaultTrustManager.getInstance(), host);
            }
            KeyManager key = tls.certs() != null && tls.keys() != null ? new PEMFileKeyManager(tls.certs().toFile(), tls.keys().toFile()) : null;
            return key == null ? new SSLUtil(trust) : new SSLUtil(key, trust);
        } catch (KeyStoreException | IllegalArgumentException e) {
            // names the setting, not the file's contents
            throw new IllegalStateException("Source " + source + ": the PEM files of tls.ca, tls.certs or tls.keys could not be read");
        }
    }
}
