package io.stagehand.ingest;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.ssl.SSLUtil;
import io.stagehand.catalog.ContentHash;
import io.stagehand.catalog.Entity;
import io.stagehand.catalog.EntityRef;
import io.stagehand.catalog.EntityValidator;
import io.stagehand.catalog.IngestedEntity;
import io.stagehand.catalog.Json;
import io.stagehand.catalog.Problem;
import io.stagehand.catalog.ReadResult;
import io.stagehand.catalog.RelationDeriver;
import io.stagehand.config.StagehandProperties.LdapOptions;
import io.stagehand.config.StagehandProperties.LdapSearch;
import io.stagehand.config.StagehandProperties.SourceProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads users and groups from an LDAP directory as Backstage's {@code LdapOrgEntityProvider} does:
 * the same configuration keys and default attribute mappings, the same entities (with the
 * {@code backstage.io/ldap-dn}, {@code -rdn} and {@code -uuid} annotations) and the same relations:
 * a user's {@code memberOf} or a group's {@code member} make the user a member of the group, a
 * group that is a member of another is its child. Searches are paged; the directory is read in
 * one piece per run, on the calling thread (a blocking client), within the source's timeouts.
 */
final class LdapReader {

    static final String DN_ANNOTATION = "backstage.io/ldap-dn";
    static final String RDN_ANNOTATION = "backstage.io/ldap-rdn";
    static final String UUID_ANNOTATION = "backstage.io/ldap-uuid";

    private static final Map<String, String> USER_DEFAULTS = Map.of("rdn", "uid", "name", "uid", "displayName", "cn", "email", "mail",
            "memberOf", "memberOf");
    private static final Map<String, String> GROUP_DEFAULTS = Map.of("rdn", "cn", "name", "cn", "description", "description",
            "displayName", "cn", "type", "groupType", "memberOf", "memberOf", "members", "member");

    private final String name;
    private final SourceProperties source;
    private final String location;
    private final String dnAttribute;
    private final String uuidAttribute;

    LdapReader(String name, SourceProperties source) {
        this.name = name;
        this.source = source;
        this.location = "url:" + source.target().replaceAll("/+$", "");
        this.dnAttribute = source.vendor() != null && source.vendor().dnAttributeName() != null ? source.vendor().dnAttributeName() : "entryDN";
        this.uuidAttribute = source.vendor() != null && source.vendor().uuidAttributeName() != null
                ? source.vendor().uuidAttributeName() : "entryUUID";
    }

    /** An entry read, as an entity under construction, with the DNs or ids it names as its groups and members. */
    private record Read(ObjectNode descriptor, Set<String> keys, List<String> memberOf, List<String> members) {
    }

    /**
     * The whole directory as one result; an exception when it cannot be read at all (the run fails
     * and deletes nothing). Its message names the result code, never the directory's own text.
     */
    ReadResult read() {
        try (LDAPConnection connection = connect()) {
            List<Read> users = source.users() == null ? List.of() : search(connection, source.users(), USER_DEFAULTS, false);
            List<Read> groups = source.groups() == null ? List.of() : search(connection, source.groups(), GROUP_DEFAULTS, true);
            return result(users, groups);
        } catch (LDAPException e) {
            throw new IllegalStateException("Source " + name + ": the directory at " + location.substring("url:".length())
                    + " could not be read (" + e.getResultCode().getName() + ")");
        }
    }

    private LDAPConnection connect() throws LDAPException {
        LDAPURL url = new LDAPURL(source.target());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) source.http().connectTimeout().toMillis());
        options.setResponseTimeoutMillis(source.http().readTimeout().toMillis());
        LDAPConnection connection;
        if (url.getScheme().equalsIgnoreCase("ldaps")) {
            try {
                // the JVM's trust store decides which directories are trusted, as for every TLS connection of the server
                connection = new LDAPConnection(new SSLUtil().createSSLSocketFactory(), options, url.getHost(), url.getPort());
            } catch (java.security.GeneralSecurityException e) {
                throw new LDAPException(com.unboundid.ldap.sdk.ResultCode.CONNECT_ERROR, "TLS could not be set up: " + e.getMessage());
            }
        } else {
            connection = new LDAPConnection(options, url.getHost(), url.getPort());
        }
        try {
            if (source.bind() != null && source.bind().dn() != null) {
                connection.bind(source.bind().dn(), source.bind().secret() == null ? "" : source.bind().secret());
            }
            return connection;
        } catch (LDAPException e) {
            connection.close();
            throw e;
        }
    }

    private List<Read> search(LDAPConnection connection, LdapSearch search, Map<String, String> defaults, boolean groups)
            throws LDAPException {
        Map<String, String> map = new HashMap<>(defaults);
        if (search.map() != null) {
            search.map().forEach((key, attribute) -> map.put(canonical(key), attribute));
        }
        LdapOptions options = search.options();
        Filter filter = options.filter() == null || options.filter().isBlank() ? Filter.createPresenceFilter("objectClass")
                : Filter.create(options.filter().replaceAll("\\s*([()])\\s*", "$1").trim());
        String[] attributes = options.attributes() == null || options.attributes().isEmpty() ? new String[] {"*", "+"}
                : options.attributes().toArray(String[]::new);
        SearchRequest request = new SearchRequest(search.dn(), scope(options.scope()), filter, attributes);
        List<Read> found = new ArrayList<>();
        ASN1OctetString cookie = null;
        do {
            if (options.paged()) {
                // not critical: a directory without paging answers in one piece
                request.setControls(new SimplePagedResultsControl(options.pageSize(), cookie, false));
            }
            SearchResult result = connection.search(request);
            for (SearchResultEntry entry : result.getSearchEntries()) {
                found.add(entry(entry, search, map, groups));
            }
            SimplePagedResultsControl paging = options.paged() ? SimplePagedResultsControl.get(result) : null;
            cookie = paging != null && paging.moreResultsToReturn() ? paging.getCookie() : null;
        } while (cookie != null);
        return found;
    }

    private Read entry(SearchResultEntry entry, LdapSearch search, Map<String, String> map, boolean group) {
        ObjectNode descriptor = Json.MAPPER.createObjectNode();
        descriptor.put("apiVersion", "backstage.io/v1beta1");
        descriptor.put("kind", group ? "Group" : "User");
        ObjectNode metadata = descriptor.putObject("metadata");
        metadata.put("name", "");
        ObjectNode annotations = metadata.putObject("annotations");
        ObjectNode spec = descriptor.putObject("spec");
        if (group) {
            spec.put("type", "unknown");
        }
        spec.putObject("profile");
        if (group) {
            spec.putArray("children");
        } else {
            spec.putArray("memberOf");
        }
        if (search.set() != null) {
            set(descriptor, search.set());
        }
        first(entry, map.get("name")).ifPresent(v -> metadata.put("name", v));
        first(entry, map.get("description")).ifPresent(v -> metadata.put("description", v));
        first(entry, map.get("rdn")).ifPresent(v -> annotations.put(RDN_ANNOTATION, v));
        first(entry, uuidAttribute).ifPresent(v -> annotations.put(UUID_ANNOTATION, v));
        String dn = first(entry, dnAttribute).orElse(entry.getDN());
        annotations.put(DN_ANNOTATION, dn);
        if (group) {
            first(entry, map.get("type")).ifPresent(v -> spec.put("type", v));
        }
        ObjectNode profile = (ObjectNode) spec.get("profile");
        first(entry, map.get("displayName")).ifPresent(v -> profile.put("displayName", v));
        first(entry, map.get("email")).ifPresent(v -> profile.put("email", v));
        first(entry, map.get("picture")).ifPresent(v -> profile.put("picture", v));
        Set<String> keys = new TreeSet<>();
        keys.add(normalized(dn));
        keys.add(normalized(entry.getDN()));
        if (annotations.has(UUID_ANNOTATION)) {
            keys.add(annotations.get(UUID_ANNOTATION).stringValue());
        }
        if (annotations.has(RDN_ANNOTATION)) {
            keys.add(annotations.get(RDN_ANNOTATION).stringValue());
        }
        return new Read(descriptor, keys, values(entry, map.get("memberOf")), group ? values(entry, map.get("members")) : List.of());
    }

    /** Users and groups with their relations resolved by DN, id or rdn, then as entities; a bad entry is a problem of its own. */
    private ReadResult result(List<Read> users, List<Read> groups) {
        Map<String, Read> userBy = index(users);
        Map<String, Read> groupBy = index(groups);
        Map<Read, Set<String>> memberOf = new HashMap<>();
        Map<Read, Set<String>> parents = new HashMap<>();
        Map<Read, Set<String>> children = new HashMap<>();
        for (Read user : users) {
            for (String target : user.memberOf()) {
                Read group = groupBy.get(normalized(target));
                if (group != null) {
                    memberOf.computeIfAbsent(user, k -> new TreeSet<>()).add(ref(group));
                }
            }
        }
        for (Read group : groups) {
            for (String target : group.memberOf()) {
                Read parent = groupBy.get(normalized(target));
                if (parent != null && parent != group) {
                    parents.computeIfAbsent(group, k -> new TreeSet<>()).add(ref(parent));
                    children.computeIfAbsent(parent, k -> new TreeSet<>()).add(ref(group));
                }
            }
            for (String target : group.members()) {
                Read user = userBy.get(normalized(target));
                Read child = user == null ? groupBy.get(normalized(target)) : null;
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
        List<IngestedEntity> entities = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, String> seen = new TreeMap<>();
        for (Read read : concat(users, groups)) {
            String dn = read.descriptor().path("metadata").path("annotations").path(DN_ANNOTATION).asString();
            List<String> invalid = EntityValidator.validate(read.descriptor());
            if (!invalid.isEmpty()) {
                invalid.forEach(message -> problems.add(Problem.error(location, 0, null, "LDAP entry " + dn + ": " + message)));
                continue;
            }
            ObjectNode metadata = (ObjectNode) read.descriptor().get("metadata");
            metadata.put("namespace", EntityRef.DEFAULT_NAMESPACE);
            ObjectNode annotations = (ObjectNode) metadata.get("annotations");
            annotations.put(Documents.MANAGED_BY_LOCATION, location);
            annotations.put(Documents.MANAGED_BY_ORIGIN_LOCATION, location);
            EntityRef ref = new EntityRef(read.descriptor().get("kind").stringValue(), EntityRef.DEFAULT_NAMESPACE,
                    metadata.get("name").stringValue());
            String earlier = seen.putIfAbsent(ref.key(), dn);
            if (earlier != null) {
                problems.add(Problem.error(location, 0, ref.toString(), "LDAP entries " + earlier + " and " + dn + " both give " + ref
                        + "; the first is kept"));
                continue;
            }
            Entity entity = new Entity(ref, read.descriptor());
            RelationDeriver.Derived derived = RelationDeriver.derive(entity);
            if (!derived.problems().isEmpty()) {
                derived.problems().forEach(message -> problems.add(Problem.error(location, 0, ref.toString(), message)));
                continue;
            }
            String json = Json.MAPPER.writeValueAsString(read.descriptor());
            entities.add(new IngestedEntity(ref, json, location, 0, "sha256:" + ContentHash.sha256(json), derived.relations(), List.of()));
        }
        return new ReadResult(entities, problems, Set.of(), Set.of(), users.size() + groups.size(), null);
    }

    private static List<Read> concat(List<Read> a, List<Read> b) {
        List<Read> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, Read> index(List<Read> reads) {
        Map<String, Read> by = new HashMap<>();
        for (Read read : reads) {
            read.keys().forEach(key -> by.putIfAbsent(key, read));
        }
        return by;
    }

    private static String ref(Read read) {
        return read.descriptor().get("kind").stringValue().toLowerCase(Locale.ROOT) + ":" + EntityRef.DEFAULT_NAMESPACE + "/"
                + read.descriptor().path("metadata").path("name").asString();
    }

    /** A DN as a key: its normalized form, so case and spacing do not matter; any other value as it is. */
    private static String normalized(String value) {
        try {
            return new DN(value).toNormalizedString();
        } catch (LDAPException e) {
            return value;
        }
    }

    private static java.util.Optional<String> first(SearchResultEntry entry, String attribute) {
        if (attribute == null) {
            return java.util.Optional.empty();
        }
        Attribute found = entry.getAttribute(attribute);
        return found == null || found.getValue() == null ? java.util.Optional.empty() : java.util.Optional.of(found.getValue());
    }

    private static List<String> values(SearchResultEntry entry, String attribute) {
        Attribute found = attribute == null ? null : entry.getAttribute(attribute);
        return found == null ? List.of() : List.of(found.getValues());
    }

    private static SearchScope scope(String scope) {
        return switch (scope == null ? "one" : scope.toLowerCase(Locale.ROOT)) {
            case "base" -> SearchScope.BASE;
            case "sub" -> SearchScope.SUB;
            default -> SearchScope.ONE;
        };
    }

    /** Map keys as configuration may spell them ({@code display-name}, {@code displayname}) in Backstage's camel case. */
    private static String canonical(String key) {
        String flat = key.replace("-", "").toLowerCase(Locale.ROOT);
        for (String known : List.of("rdn", "name", "description", "displayName", "email", "picture", "memberOf", "type", "members")) {
            if (known.toLowerCase(Locale.ROOT).equals(flat)) {
                return known;
            }
        }
        return key;
    }

    /** {@code set} values by path; nested maps (how dotted YAML keys arrive) are paths too. */
    private static void set(ObjectNode descriptor, Map<String, Object> values) {
        values.forEach((path, value) -> {
            ObjectNode at = descriptor;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode next = at.get(parts[i]);
                at = next instanceof ObjectNode object ? object : at.putObject(parts[i]);
            }
            String last = parts[parts.length - 1];
            if (value instanceof Map<?, ?> nested) {
                JsonNode next = at.get(last);
                ObjectNode into = next instanceof ObjectNode object ? object : at.putObject(last);
                Map<String, Object> inner = new LinkedHashMap<>();
                nested.forEach((k, v) -> inner.put(String.valueOf(k), v));
                set(into, inner);
            } else {
                at.set(last, Json.MAPPER.valueToTree(value));
            }
        });
    }
}
