package io.stagehand.catalog.ingest;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import io.stagehand.model.EntityRef;
import io.stagehand.model.ReadResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The organisation an LDAP read gives, by Backstage's LDAP provider's rules: a user's
 * {@code memberOf} or a group's {@code member} make the user a member of the group, a group that
 * is a member of another is its child, and a group with exactly one parent gets {@code spec.parent};
 * then each entry as a validated entity with its relations, a bad one a problem of its own.
 */
final class LdapOrg {

    static final String DN_ANNOTATION = "backstage.io/ldap-dn";
    static final String RDN_ANNOTATION = "backstage.io/ldap-rdn";
    static final String UUID_ANNOTATION = "backstage.io/ldap-uuid";

    /** An entry read, as an entity under construction, with the DNs or ids it names as its groups and members. */
    record Entry(ObjectNode descriptor, Set<String> keys, List<String> memberOf, List<String> members, JsonNode raw) {
    }

    private LdapOrg() {
    }

    /** Users and groups with their relations resolved by DN, id or rdn, then as entities; a bad entry is a problem of its own. */
    static ReadResult entities(List<Entry> users, List<Entry> groups, String location, OrgTransformers transformers, String source) {
        Map<String, Entry> userBy = index(users);
        Map<String, Entry> groupBy = index(groups);
        Map<Entry, Set<String>> memberOf = new HashMap<>();
        Map<Entry, Set<String>> parents = new HashMap<>();
        Map<Entry, Set<String>> children = new HashMap<>();
        for (Entry user : users) {
            for (String target : user.memberOf()) {
                Entry group = groupBy.get(normalized(target));
                if (group != null) {
                    memberOf.computeIfAbsent(user, k -> new TreeSet<>()).add(ref(group));
                }
            }
        }
        for (Entry group : groups) {
            for (String target : group.memberOf()) {
                Entry parent = groupBy.get(normalized(target));
                if (parent != null && parent != group) {
                    parents.computeIfAbsent(group, k -> new TreeSet<>()).add(ref(parent));
                    children.computeIfAbsent(parent, k -> new TreeSet<>()).add(ref(group));
                }
            }
            for (String target : group.members()) {
                Entry user = userBy.get(normalized(target));
                Entry child = user == null ? groupBy.get(normalized(target)) : null;
                if (user != null) {
                    memberOf.computeIfAbsent(user, k -> new TreeSet<>()).add(ref(group));
                } else if (child != null && child != group) {
                    children.computeIfAbsent(group, k -> new TreeSet<>()).add(ref(child));
                    parents.computeIfAbsent(child, k -> new TreeSet<>()).add(ref(group));
                }
            }
        }
        memberOf.forEach((user, refs) -> {
            var array = ((ObjectNode) user.descriptor().get("spec")).putArray("memberOf");
            refs.forEach(array::add);
        });
        // a group has one parent in Backstage's model: with several, none is set (as Backstage's provider does)
        parents.forEach((group, refs) -> {
            if (refs.size() == 1) {
                ((ObjectNode) group.descriptor().get("spec")).put("parent", refs.iterator().next());
            }
        });
        children.forEach((group, refs) -> {
            var array = ((ObjectNode) group.descriptor().get("spec")).putArray("children");
            refs.forEach(array::add);
        });
        List<OrgEntities.Made> made = new ArrayList<>();
        for (Entry read : concat(users, groups)) {
            ObjectNode annotations = (ObjectNode) read.descriptor().path("metadata").get("annotations");
            annotations.put(Documents.MANAGED_BY_LOCATION, location);
            annotations.put(Documents.MANAGED_BY_ORIGIN_LOCATION, location);
            made.add(new OrgEntities.Made(read.descriptor(), "LDAP entry " + annotations.path(DN_ANNOTATION).asString(), read.raw()));
        }
        return OrgEntities.of(made, users.size() + groups.size(), transformers, source, "ldap");
    }

    private static List<Entry> concat(List<Entry> a, List<Entry> b) {
        List<Entry> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, Entry> index(List<Entry> reads) {
        Map<String, Entry> by = new HashMap<>();
        for (Entry read : reads) {
            read.keys().forEach(key -> by.putIfAbsent(key, read));
        }
        return by;
    }

    private static String ref(Entry read) {
        return read.descriptor().get("kind").stringValue().toLowerCase(Locale.ROOT) + ":" + EntityRef.DEFAULT_NAMESPACE + "/"
                + read.descriptor().path("metadata").path("name").asString();
    }

    /** A DN as a key: its normalized form, so case and spacing do not matter; any other value as it is. */
    static String normalized(String value) {
        try {
            return new DN(value).toNormalizedString();
        } catch (LDAPException e) {
            return value;
        }
    }
}
