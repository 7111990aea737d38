package io.stagehand.catalog.ingest;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.stagehand.catalog.CatalogProperties.LdapVendor;
import java.util.Optional;

/**
 * A directory's conventions: which attribute gives an entry's DN ({@code dn} for the entry's own
 * DN) and which its id, and whether the id is Active Directory's binary GUID.
 */
record DirectoryVendor(String name, String dnAttribute, String uuidAttribute, boolean binaryGuid) {

    static final DirectoryVendor ACTIVE_DIRECTORY = new DirectoryVendor("Active Directory", "distinguishedName", "objectGUID", true);
    static final DirectoryVendor FREE_IPA = new DirectoryVendor("FreeIPA", "dn", "ipaUniqueID", false);
    static final DirectoryVendor AE_DIR = new DirectoryVendor("AE-DIR", "dn", "entryUUID", false);
    static final DirectoryVendor DEFAULT = new DirectoryVendor("default", "entryDN", "entryUUID", false);

    /**
     * As Backstage's provider finds them in the root DSE: Active Directory lists {@code
     * forestFunctionality}, FreeIPA {@code ipaDomainLevel}, AE-DIR {@code aeRoot}; anything else
     * (OpenLDAP and the like) gets {@code entryDN} and {@code entryUUID}. The source's {@code vendor}
     * settings win, attribute by attribute.
     */
    static DirectoryVendor of(LDAPConnection connection, LdapVendor configured) throws LDAPException {
        return of(connection.getRootDSE(), configured);
    }

    /** As {@link #of(LDAPConnection, LdapVendor)}, from a root DSE already read. */
    static DirectoryVendor of(RootDSE root, LdapVendor configured) {
        DirectoryVendor found = detected(root);
        String dn = configured != null && configured.dnAttributeName() != null ? configured.dnAttributeName() : found.dnAttribute();
        String uuid = configured != null && configured.uuidAttributeName() != null ? configured.uuidAttributeName() : found.uuidAttribute();
        return new DirectoryVendor(found.name(), dn, uuid, found.binaryGuid() && uuid.equalsIgnoreCase("objectGUID"));
    }

    static DirectoryVendor detected(RootDSE root) {
        if (root == null) {
            return DEFAULT;
        }
        if (root.hasAttribute("forestFunctionality")) {
            return ACTIVE_DIRECTORY;
        }
        if (root.hasAttribute("ipaDomainLevel")) {
            return FREE_IPA;
        }
        return root.hasAttribute("aeRoot") ? AE_DIR : DEFAULT;
    }

    /** The entry's DN as this directory gives it: its own, or the value of the DN attribute where it has one. */
    String dn(SearchResultEntry entry) {
        return dnAttribute.equalsIgnoreCase("dn") ? entry.getDN() : LdapReader.first(entry, dnAttribute).orElse(entry.getDN());
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
