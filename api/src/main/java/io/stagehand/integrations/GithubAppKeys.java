package io.stagehand.integrations;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * A GitHub App's private key and the short-lived JWTs signed with it (RS256, issued by the app id)
 * with which the app asks for its installations' tokens.
 */
final class GithubAppKeys {

    /** Backdated a little, as GitHub advises, so a clock slightly ahead of GitHub's does not make it "issued in the future". */
    private static final long BACKDATE_SECONDS = 60;
    /** GitHub accepts at most ten minutes; less, so a slow clock stays inside. */
    private static final long LIFETIME_SECONDS = 540;
    /** The DER algorithm identifier of rsaEncryption, which wraps a PKCS#1 key into PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
        0x01, 0x01, 0x05, 0x00};

    private GithubAppKeys() {
    }

    /** The key of a PEM text; {@code \n} written as two characters (as in an environment variable) counts as a line break, as in Backstage. */
    static PrivateKey parse(String pem) throws GeneralSecurityException {
        String text = pem.replace("\\n", "\n");
        boolean pkcs1 = text.contains("BEGIN RSA PRIVATE KEY");
        if (!pkcs1 && !text.contains("BEGIN PRIVATE KEY")) {
            throw new GeneralSecurityException("not a PEM private key");
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not a PEM private key");
        }
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? pkcs8(der) : der));
    }

    /** The JWT the app authenticates with: issued by the app id, valid for a few minutes. */
    static String jwt(long appId, PrivateKey key, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(Long.toString(appId))
                .issueTime(Date.from(now.minusSeconds(BACKDATE_SECONDS)))
                .expirationTime(Date.from(now.plusSeconds(LIFETIME_SECONDS)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new GithubCredentialsException("the JWT of GitHub App " + appId + " could not be signed with its private key");
        }
        return jwt.serialize();
    }

    /** PKCS#8's PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption, the key as an octet string. */
    static byte[] pkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.writeBytes(tagged(0x04, pkcs1));
        return tagged(0x30, body.toByteArray());
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
