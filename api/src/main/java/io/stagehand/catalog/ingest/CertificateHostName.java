package io.stagehand.catalog.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.X509TrustManager;

/**
 * A trust manager that accepts a server certificate only when the authorities accept it and it
 * names the host connected to, by RFC 6125's rules: an IP address must be one of its IP
 * alternative names; a host name one of its DNS names (a leading {@code *} standing for one label),
 * or its common name when it has no DNS names. No name is looked up: what the certificate says
 * decides, so a directory's address cannot borrow another host's certificate.
 */
final class CertificateHostName implements X509TrustManager {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private final X509TrustManager authorities;
    private final String host;

    CertificateHostName(X509TrustManager authorities, String host) {
        this.authorities = authorities;
        this.host = host.toLowerCase(Locale.ROOT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        authorities.checkServerTrusted(chain, authType);
        if (!names(chain[0], host)) {
            throw new CertificateException("the certificate does not name the host connected to");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        authorities.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return authorities.getAcceptedIssuers();
    }

    static boolean names(X509Certificate certificate, String host) throws CertificateParsingException {
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        boolean ip = host.matches("[0-9.]+") || host.contains(":");
        boolean anyDns = false;
        if (alternatives != null) {
            for (List<?> name : alternatives) {
                int type = (Integer) name.get(0);
                String value = String.valueOf(name.get(1)).toLowerCase(Locale.ROOT);
                if (ip && type == IP_ADDRESS && sameAddress(value, host)) {
                    return true;
                }
                if (type == DNS_NAME) {
                    anyDns = true;
                    if (!ip && matches(value, host)) {
                        return true;
                    }
                }
            }
        }
        return !ip && !anyDns && matches(commonName(certificate), host);
    }

    private static boolean matches(String pattern, String host) {
        if (pattern == null) {
            return false;
        }
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // literals only: getByName does not look a literal up
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT);
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
