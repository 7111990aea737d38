package io.stagehand.catalog.ingest;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.Optional;

/**
 * A directory's conventions: which attributes give an entry's DN and id, and whether the id is
 * Active Directory's binary GUID.
 */
record DirectoryVendor(String dnAttribute, String uuidAttribute, boolean binaryGuid) {

    /**
     * As Backstage's provider finds them in the root DSE: Active Directory (it lists {@code
     * forestFunctionality}) names DNs by {@code distinguishedName} and ids by the binary {@code
     * objectGUID}; others by {@code entryDN} and {@code entryUUID}. The source's {@code vendor}
     * settings win.
     */
    static DirectoryVendor of(LDAPConnection connection, io.stagehand.catalog.CatalogProperties.LdapVendor configured) throws LDAPException {
        RootDSE root = connection.getRootDSE();
        boolean activeDirectory = root != null && root.hasAttribute("forestFunctionality");
        String dn = configured != null && configured.dnAttributeName() != null ? configured.dnAttributeName()
                : activeDirectory ? "distinguishedName" : "entryDN";
        String uuid = configured != null && configured.uuidAttributeName() != null ? configured.uuidAttributeName()
                : activeDirectory ? "objectGUID" : "entryUUID";
        return new DirectoryVendor(dn, uuid, activeDirectory && uuid.equalsIgnoreCase("objectGUID"));
    }

    /** The entry's id: text, or Active Directory's GUID in its usual form (the first three groups' bytes reversed). */
    Optional<String> uuid(SearchResultEntry entry) {
        if (!binaryGuid) {
            return LdapReader.first(entry, uuidAttribute);
        }
        Attribute attribute = entry.getAttribute(uuidAttribute);
        byte[] bytes = attribute == null ? null : attribute.getValueByteArray();
        if (bytes == null || bytes.length != 16) {
            return Optional.empty();
        }
        int[] order = {3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15};
        StringBuilder guid = new StringBuilder(36);
        for (int i : order) {
            if (i < 0) {
                guid.append('-');
            } else {
                guid.append(String.format("%02x", bytes[i] & 0xff));
            }
        }
        return Optional.of(guid.toString());
    }
}
