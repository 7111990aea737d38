package io.stagehand.catalog.ingest;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * What a directory publishes about its own changes, as one marker that differs whenever an entry
 * may have changed: a change counter of the root DSE (Active Directory's {@code highestCommittedUSN},
 * the {@code lastChangeNumber} of a changelog as 389, OpenDJ and UnboundID keep it) or the
 * {@code contextCSN} of the naming contexts searched (OpenLDAP with syncprov). The server's own name
 * and the ids of the search bases go with it: a directory restarted or restored with other content may
 * count from the same number again, but not with the same entries at its bases.
 */
final class DirectoryChanges {

    private static final String[] BASE_IDS = {"entryUUID", "objectGUID", "nsUniqueId", "ipaUniqueID", "createTimestamp", "whenCreated"};

    private DirectoryChanges() {
    }

    /** The directory's marker now, or null when it publishes no change counter (it is then read whole every run). */
    static String marker(LDAPConnection connection, RootDSE root, Collection<String> bases) throws LDAPException {
        if (root == null) {
            return null;
        }
        String counter = counter(connection, root, bases);
        if (counter == null) {
            return null;
        }
        StringBuilder marker = new StringBuilder(counter);
        for (String attribute : List.of("dsServiceName", "serverName", "vendorName", "vendorVersion")) {
            marker.append('|').append(values(root.getAttribute(attribute)));
        }
        for (String base : new TreeSet<>(bases)) {
            SearchResultEntry entry = connection.getEntry(base, BASE_IDS);
            marker.append('|').append(base).append('=');
            if (entry == null) {
                marker.append("absent");
            } else {
                for (String id : BASE_IDS) {
                    marker.append(values(entry.getAttribute(id))).append(',');
                }
            }
        }
        return marker.toString();
    }

    private static String counter(LDAPConnection connection, RootDSE root, Collection<String> bases) throws LDAPException {
        if (root.hasAttribute("highestCommittedUSN")) {
            return "usn:" + root.getAttributeValue("highestCommittedUSN");
        }
        if (root.hasAttribute("lastChangeNumber")) {
            return "changelog:" + root.getAttributeValue("firstChangeNumber") + "-" + root.getAttributeValue("lastChangeNumber");
        }
        String[] contexts = root.getNamingContextDNs();
        if (contexts == null) {
            return null;
        }
        StringBuilder csns = new StringBuilder();
        for (String context : new TreeSet<>(Arrays.asList(contexts))) {
            if (bases.stream().noneMatch(base -> holds(context, base))) {
                continue;
            }
            SearchResultEntry entry = connection.getEntry(context, "contextCSN");
            Attribute csn = entry == null ? null : entry.getAttribute("contextCSN");
            if (csn == null) {
                // a context searched that keeps no CSN: a change there would go unnoticed
                return null;
            }
            csns.append(context).append('=').append(values(csn)).append(';');
        }
        return csns.isEmpty() ? null : "csn:" + csns;
    }

    private static boolean holds(String context, String base) {
        try {
            return new DN(context).isAncestorOf(new DN(base), true);
        } catch (LDAPException e) {
            return false;
        }
    }

    private static String values(Attribute attribute) {
        if (attribute == null) {
            return "";
        }
        // binary ids (objectGUID) as bytes, so equal markers mean equal values
        TreeSet<String> sorted = new TreeSet<>();
        for (byte[] value : attribute.getValueByteArrays()) {
            sorted.add(java.util.HexFormat.of().formatHex(value));
        }
        return String.join("+", sorted);
    }
}
