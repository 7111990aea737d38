package io.stagehand.catalog.ingest;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.SSLUtil;
import io.stagehand.catalog.CatalogProperties.LdapOptions;
import io.stagehand.catalog.CatalogProperties.LdapSearch;
import io.stagehand.catalog.CatalogProperties.LdapTls;
import io.stagehand.catalog.CatalogProperties.SourceProperties;
import io.stagehand.model.Json;
import io.stagehand.model.ReadResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads users and groups from an LDAP directory as Backstage's {@code LdapOrgEntityProvider} does:
 * the same configuration keys and default attribute mappings, the same entities (with the
 * {@code backstage.io/ldap-dn}, {@code -rdn} and {@code -uuid} annotations) and the same relations
 * ({@link LdapOrg}). Searches are paged; the directory is read in one piece per run, on the calling
 * thread (a blocking client), within the source's timeouts.
 */
final class LdapReader {


    private static final Map<String, String> USER_DEFAULTS = Map.of("rdn", "uid", "name", "uid", "displayName", "cn", "email", "mail",
            "memberOf", "memberOf");
    private static final Map<String, String> GROUP_DEFAULTS = Map.of("rdn", "cn", "name", "cn", "description", "description",
            "displayName", "cn", "type", "groupType", "memberOf", "memberOf", "members", "member");

    private final String name;
    private final OrgTransformers transformers;
    private final SourceProperties source;
    private final String location;
    private final Clock clock;
    private volatile DirectoryVendor vendor;
    /** The last whole read and the directory's marker before it; null when the directory gave none. */
    private volatile Remembered last;

    /** A whole read with the marker the directory had before it and when it began. */
    private record Remembered(String marker, ReadResult result, Instant readAt) {

        /** The result again, in collections of its own: the store may add to them. */
        ReadResult copy() {
            return new ReadResult(result.entities(), new ArrayList<>(result.problems()), new HashSet<>(result.failedLocations()),
                    new HashSet<>(result.rejectedKeys()), result.filesRead(), result.revision());
        }
    }

    LdapReader(String name, SourceProperties source, OrgTransformers transformers) {
        this(name, source, transformers, Clock.systemUTC());
    }

    LdapReader(String name, SourceProperties source, OrgTransformers transformers, Clock clock) {
        this.clock = clock;
        this.name = name;
        this.transformers = transformers;
        this.source = source;
        this.location = "url:" + source.target().replaceAll("/+$", "");
    }

    /**
     * The whole directory as one result; an exception when it cannot be read at all (the run fails
     * and deletes nothing). Its message names the result code, never the directory's own text.
     */
    ReadResult read() {
        return read(true);
    }

    /**
     * As {@link #read()}; with {@code skipUnchanged}, a directory whose change marker is as the last
     * read left it ({@link DirectoryChanges}) is not read again: that read's result is served, and the
     * store finds nothing to write.
     */
    ReadResult read(boolean skipUnchanged) {
        try (LDAPConnection connection = connect()) {
            RootDSE root = connection.getRootDSE();
            vendor = DirectoryVendor.of(root, source.vendor());
            // asked before the searches: a change made while they run shows at the next run
            String marker = source.changeDetection().enabled() ? DirectoryChanges.marker(connection, root, bases()) : null;
            Remembered before = last;
            Instant now = clock.instant();
            if (skipUnchanged && marker != null && before != null && marker.equals(before.marker())
                    && now.isBefore(before.readAt().plus(source.changeDetection().fullReadInterval()))) {
                return before.copy();
            }
            List<LdapOrg.Entry> users = search(connection, source.userSearches(), USER_DEFAULTS, false);
            List<LdapOrg.Entry> groups = search(connection, source.groupSearches(), GROUP_DEFAULTS, true);
            ReadResult result = LdapOrg.entities(users, groups, location, transformers, name);
            last = marker == null ? null : new Remembered(marker, result, now);
            return result;
        } catch (LDAPException e) {
            last = null;
            throw new IllegalStateException("Source " + name + ": the directory at " + location.substring("url:".length())
                    + " could not be read (" + e.getResultCode().getName() + ")");
        }
    }

    /** Every search's base DN. */
    private List<String> bases() {
        List<String> bases = new ArrayList<>();
        source.userSearches().forEach(search -> bases.add(search.dn()));
        source.groupSearches().forEach(search -> bases.add(search.dn()));
        return bases;
    }

    private LDAPConnection connect() throws LDAPException {
        LDAPURL url = new LDAPURL(source.target());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) source.http().connectTimeout().toMillis());
        options.setResponseTimeoutMillis(source.http().readTimeout().toMillis());
        LdapTls tls = source.tls();
        boolean secure = url.getScheme().equalsIgnoreCase("ldaps") || tls != null && tls.startTls();
        SSLUtil ssl = secure ? LdapTlsSetup.ssl(name, tls, url.getHost()) : null;
        LDAPConnection connection;
        try {
            connection = url.getScheme().equalsIgnoreCase("ldaps")
                    ? new LDAPConnection(ssl.createSSLSocketFactory(), options, url.getHost(), url.getPort())
                    : new LDAPConnection(options, url.getHost(), url.getPort());
        } catch (java.security.GeneralSecurityException e) {
            throw new LDAPException(com.unboundid.ldap.sdk.ResultCode.CONNECT_ERROR, "TLS could not be set up");
        }
        if (!url.getScheme().equalsIgnoreCase("ldaps") && secure) {
            try {
                ExtendedResult started = connection.processExtendedOperation(new StartTLSExtendedRequest(ssl.createSSLContext()));
                if (started.getResultCode() != com.unboundid.ldap.sdk.ResultCode.SUCCESS) {
                    throw new LDAPException(started.getResultCode());
                }
            } catch (java.security.GeneralSecurityException | LDAPException e) {
                connection.close();
                throw e instanceof LDAPException ldap ? ldap
                        : new LDAPException(com.unboundid.ldap.sdk.ResultCode.CONNECT_ERROR, "TLS could not be set up");
            }
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

    /**
     * Every search's entries in the order the searches are written; an entry that an earlier search
     * already found (overlapping DNs or filters) is read once, with that earlier search's map and set.
     */
    private List<LdapOrg.Entry> search(LDAPConnection connection, List<LdapSearch> searches, Map<String, String> defaults, boolean groups)
            throws LDAPException {
        List<LdapOrg.Entry> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (LdapSearch search : searches) {
            Map<String, String> map = new HashMap<>(defaults);
            map.putAll(search.map());
            entries(connection, search, entry -> {
                if (seen.add(LdapOrg.normalized(entry.getDN()))) {
                    found.add(entry(entry, search, map, groups));
                }
            });
        }
        return found;
    }

    /** Each entry the search finds, page by page, so a page's raw entries are let go once they are read. */
    private static void entries(LDAPConnection connection, LdapSearch search, Consumer<SearchResultEntry> each) throws LDAPException {
        LdapOptions options = search.options();
        Filter filter = options.filter() == null || options.filter().isBlank() ? Filter.createPresenceFilter("objectClass")
                : Filter.create(options.filter().replaceAll("\\s*([()])\\s*", "$1").trim());
        String[] attributes = options.attributes() == null || options.attributes().isEmpty() ? new String[] {"*", "+"}
                : options.attributes().toArray(String[]::new);
        SearchRequest request = new SearchRequest(search.dn(), scope(options.scope()), filter, attributes);
        request.setSizeLimit(options.sizeLimit());
        request.setTimeLimitSeconds(options.timeLimit());
        request.setDerefPolicy(DereferencePolicy.definedValueOf(options.derefAliases()));
        request.setTypesOnly(options.typesOnly());
        ASN1OctetString cookie = null;
        do {
            if (options.paged()) {
                // not critical: a directory without paging answers in one piece
                request.setControls(new SimplePagedResultsControl(options.pageSize(), cookie, false));
            }
            SearchResult result = connection.search(request);
            result.getSearchEntries().forEach(each);
            SimplePagedResultsControl paging = options.paged() ? SimplePagedResultsControl.get(result) : null;
            cookie = paging != null && paging.moreResultsToReturn() ? paging.getCookie() : null;
        } while (cookie != null);
    }

    private LdapOrg.Entry entry(SearchResultEntry entry, LdapSearch search, Map<String, String> map, boolean group) {
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
        first(entry, map.get("rdn")).ifPresent(v -> annotations.put(LdapOrg.RDN_ANNOTATION, v));
        DirectoryVendor vendor = this.vendor;
        vendor.uuid(entry).ifPresent(v -> annotations.put(LdapOrg.UUID_ANNOTATION, v));
        String dn = vendor.dn(entry);
        annotations.put(LdapOrg.DN_ANNOTATION, dn);
        if (group) {
            first(entry, map.get("type")).ifPresent(v -> spec.put("type", v));
        }
        ObjectNode profile = (ObjectNode) spec.get("profile");
        first(entry, map.get("displayName")).ifPresent(v -> profile.put("displayName", v));
        first(entry, map.get("email")).ifPresent(v -> profile.put("email", v));
        first(entry, map.get("picture")).ifPresent(v -> profile.put("picture", v));
        Set<String> keys = new TreeSet<>();
        keys.add(LdapOrg.normalized(dn));
        keys.add(LdapOrg.normalized(entry.getDN()));
        if (annotations.has(LdapOrg.UUID_ANNOTATION)) {
            keys.add(annotations.get(LdapOrg.UUID_ANNOTATION).stringValue());
        }
        if (annotations.has(LdapOrg.RDN_ANNOTATION)) {
            keys.add(annotations.get(LdapOrg.RDN_ANNOTATION).stringValue());
        }
        return new LdapOrg.Entry(descriptor, keys, values(entry, map.get("memberOf")), group ? values(entry, map.get("members")) : List.of(),
                raw(entry));
    }

    /** The entry as transformers see it: its DN and each attribute's values as strings. */
    private static ObjectNode raw(SearchResultEntry entry) {
        ObjectNode raw = Json.MAPPER.createObjectNode();
        raw.put("dn", entry.getDN());
        for (Attribute attribute : entry.getAttributes()) {
            var values = raw.putArray(attribute.getName());
            for (String value : attribute.getValues()) {
                values.add(value);
            }
        }
        return raw;
    }

    static java.util.Optional<String> first(SearchResultEntry entry, String attribute) {
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
