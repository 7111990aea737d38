package io.stagehand.catalog;

import io.stagehand.http.HttpSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code stagehand.*}. Validated at start-up, so a bad value stops the server with
 * a message that names the key.
 */
@Validated
@ConfigurationProperties("stagehand")
public record CatalogProperties(
        @Valid List<SourceProperties> sources,
        @Valid @NotNull @DefaultValue Demo demo,
        @Valid @NotNull @DefaultValue Ingest ingest,
        @Valid @NotNull @DefaultValue Cache cache,
        @NotNull @DefaultValue("stagehand-data/git") Path gitCache,
        @Valid @NotNull @DefaultValue Retention retention) {

    public CatalogProperties {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** Source names are unique: they key runs, problems and entity ownership. */
    @AssertTrue(message = "stagehand.sources: every source needs a unique name (and \"demo\" is taken by the demo catalog while it is enabled)")
    public boolean isSourceNamesUnique() {
        Set<String> names = new HashSet<>();
        if (demo.enabled()) {
            names.add(Demo.SOURCE_NAME);
        }
        for (int i = 0; i < sources.size(); i++) {
            if (!names.add(sources.get(i).nameOr(i))) {
                return false;
            }
        }
        return true;
    }

    /** The bundled demo catalog, served as a file source named {@code demo}. */
    public record Demo(@DefaultValue("true") boolean enabled) {
        public static final String SOURCE_NAME = "demo";
    }

    /**
     * The in-memory cache of entities and their relations that the API reads through; emptied by
     * every write of this process and bounded in age for writes of other processes.
     */
    public record Cache(
            @Min(0) @Max(65536) @DefaultValue("64") int maxMegabytes,
            @NotNull @DefaultValue("PT10M") Duration ttl) {
    }

    /**
     * How long run records and the problems of past runs are kept: a run is deleted once it is older
     * than {@code maxAge} or has more than {@code maxRunsPerSource} newer runs of its source, except
     * each source's newest run and newest successful run. Cleaned every {@code interval} by one replica.
     */
    public record Retention(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("P30D") Duration maxAge,
            @Min(1) @DefaultValue("1000") int maxRunsPerSource,
            @NotNull @DefaultValue("PT1H") Duration interval) {

        @AssertTrue(message = "retention max-age and interval must be positive ISO-8601 durations such as P30D and PT1H")
        public boolean isPositive() {
            return maxAge != null && interval != null && !maxAge.isNegative() && !maxAge.isZero()
                    && !interval.isNegative() && !interval.isZero();
        }
    }

    /**
     * Scheduling and parsing limits shared by all sources; {@code maxDeleteRatio} is the share of a
     * source's entities that one run may delete without the operator's confirmation (1 turns the guard off);
     * {@code changeRetention} how long the durable change feed keeps a change; {@code
     * orphanGracePeriod} how long the entities of a source no longer configured are kept (shown by
     * {@code orphanedSources}) before they are deleted, unless a configured source takes them over;
     * {@code maxTargetsPerLocation}, {@code maxUrlReadsPerRun} and {@code maxPlaceholdersPerFile} bound
     * what one catalog file can make a run do (past them, what was read before is kept).
     */
    public record Ingest(
            @DefaultValue("true") boolean schedule,
            @DefaultValue("false") boolean once,
            @Min(1024) @DefaultValue("5242880") int maxFileBytes,
            @Min(1) @DefaultValue("1000") int maxDocumentsPerFile,
            @Min(1000) @DefaultValue("1000000") long maxYamlNodes,
            @Min(4) @Max(1000) @DefaultValue("64") int maxYamlDepth,
            @Min(1) @DefaultValue("100000") int maxFilesPerRun,
            @Min(1) @Max(1000) @DefaultValue("32") int maxLocationDepth,
            @Min(1) @DefaultValue("1000") int maxTargetsPerLocation,
            @Min(1) @DefaultValue("10000") int maxUrlReadsPerRun,
            @Min(0) @DefaultValue("100") int maxPlaceholdersPerFile,
            @Min(1) @Max(10000) @DefaultValue("1000") int writeBatchSize,
            @Min(1) @DefaultValue("20000") int bulkLoadRows,
            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double maxDeleteRatio,
            @NotNull @DefaultValue("P7D") Duration changeRetention,
            @NotNull @DefaultValue("P7D") Duration orphanGracePeriod) {

        @AssertTrue(message = "stagehand.ingest.orphan-grace-period must not be negative (PT0S deletes at the next check)")
        public boolean isOrphanGracePeriodValid() {
            return orphanGracePeriod == null || !orphanGracePeriod.isNegative();
        }
    }

    /**
     * One catalog source: {@code type} is {@code file}, {@code git}, {@code backstage}, {@code ldap},
     * {@code msgraph}, {@code url} (one catalog file at {@code target}, read through the integration of its
     * host, and the Locations it names, as Backstage's {@code catalog.locations} of type url) or {@code github-org} (users and teams of GitHub organisations: {@code orgUrl} for
     * one, as Backstage's {@code GithubOrgEntityProvider}, or {@code githubUrl} with {@code orgs} (by default
     * those its GitHub Apps are installed in), as its {@code githubOrg} provider, whose teams are in a namespace per organisation unless
     * {@code alwaysUseDefaultNamespace}; {@code excludeSuspendedUsers} leaves out the users GitHub Enterprise
     * Server shows as suspended); {@code github} (discovery of the repositories of an {@code organization} or user on
     * {@code host}, with the keys of Backstage's {@code GithubEntityProvider}: {@code catalogPath}, {@code filters.*},
     * {@code validateLocationsExist}) or {@code gitlab} (discovery of the projects of a {@code group} and its sub-groups on
     * {@code host}, with the keys of Backstage's {@code GitlabDiscoveryEntityProvider}: {@code branch}, {@code fallbackBranch},
     * {@code catalogFile}, {@code projectPattern}, {@code skipForkedRepos}, {@code includeArchivedRepos}, {@code excludeRepos}).
     * Without a {@code name}, the source is called after its type and position ({@code file-0}, {@code git-1}, ...).
     */
    public record SourceProperties(
            String name,
            @NotNull(message = "must be file, git, backstage, ldap, msgraph, github-org, url, github or gitlab") SourceType type,
            Path path,
            String url,
            String branch,
            @DefaultValue("**/catalog-info.yaml") String glob,
            String tokenEnv,
            String filter,
            @DefaultValue("PT5M") Duration refresh,
            @Valid @NotNull @DefaultValue HttpSettings http,
            String target,
            LdapBind bind,
            Map<String, Object> users,
            Map<String, Object> groups,
            LdapVendor vendor,
            LdapTls tls,
            @Valid @NotNull @DefaultValue LdapChangeDetection changeDetection,
            String authority,
            String tenantId,
            String clientId,
            GraphSecret clientSecret,
            GraphUsers user,
            GraphGroups group,
            GraphGroupMembers userGroupMember,
            @DefaultValue("basic") GraphQueryMode queryMode,
            String orgUrl,
            String githubUrl,
            List<String> orgs,
            @DefaultValue("false") boolean alwaysUseDefaultNamespace,
            @DefaultValue("false") boolean excludeSuspendedUsers,
            String host,
            String organization,
            String catalogPath,
            @Valid DiscoveryFilters filters,
            @DefaultValue("false") boolean validateLocationsExist,
            String fallbackBranch,
            String catalogFile,
            String projectPattern,
            @DefaultValue("false") boolean skipForkedRepos,
            @DefaultValue("false") boolean includeArchivedRepos,
            List<String> excludeRepos) {

        /** An ldap source's searches are read at binding, so a bad shape stops the start with the key that has it. */
        public SourceProperties {
            LdapSearches.of(users, "users");
            LdapSearches.of(groups, "groups");
        }

        /** A gitlab source's group (its full path, such as {@code platform/backend}), or null for every project the token sees. */
        public String gitlabGroup() {
            return group == null || group.path() == null || group.path().isBlank() ? null : group.path().trim().replaceAll("^/+|/+$", "");
        }

        @AssertTrue(message = "an msgraph source's group is an object with filter, search, expand or select; a gitlab source's group is the group's path")
        public boolean isGroupShaped() {
            return group == null || type != SourceType.MSGRAPH && type != SourceType.GITLAB
                    || (type == SourceType.MSGRAPH) == (group.path() == null);
        }

        /** An ldap source's user searches: {@code users} as one object or a list of them, in the order written. */
        public List<LdapSearch> userSearches() {
            return LdapSearches.of(users, "users");
        }

        /** An ldap source's group searches, as {@link #userSearches()}. */
        public List<LdapSearch> groupSearches() {
            return LdapSearches.of(groups, "groups");
        }

        /** The configured name, or {@code <type>-<index>} when none is given. */
        public String nameOr(int index) {
            if (name != null && !name.isBlank()) {
                return name;
            }
            return (type == null ? "source" : type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) + "-" + index;
        }

        @AssertTrue(message = "a file source needs \"path\", a git or backstage source needs \"url\", an ldap source needs \"target\" and \"users\" or \"groups\", an msgraph source needs \"tenantId\", \"clientId\" and \"clientSecret\", a github-org source needs \"orgUrl\" or \"githubUrl\", a url source needs an http(s) \"target\", a github source needs \"organization\", a gitlab source needs \"host\"")
        public boolean isComplete() {
            if (type == null) {
                return true;
            }
            return switch (type) {
                case FILE -> path != null;
                case GIT, BACKSTAGE -> url != null && !url.isBlank();
                case LDAP -> target != null && !target.isBlank() && (users != null || groups != null);
                case MSGRAPH -> tenantId != null && !tenantId.isBlank() && clientId != null && !clientId.isBlank() && clientSecret != null;
                case GITHUB_ORG -> orgUrl != null && !orgUrl.isBlank() || githubUrl != null && !githubUrl.isBlank();
                case URL -> target != null && target.matches("(?i)https?://\\S+");
                case GITHUB -> organization != null && !organization.isBlank();
                case GITLAB -> host != null && !host.isBlank();
            };
        }

        /** As Backstage's provider: users come either from a user filter or from the members of the groups {@code userGroupMember} selects. */
        @AssertTrue(message = "user.filter and userGroupMember.filter (or userGroupMember.search) are mutually exclusive, only one can be specified")
        public boolean isGraphUsersUnambiguous() {
            return user == null || user.filter() == null || userGroupMember == null
                    || userGroupMember.filter() == null && userGroupMember.search() == null;
        }

        @AssertTrue(message = "refresh must be a positive ISO-8601 duration such as PT5M")
        public boolean isRefreshPositive() {
            return refresh != null && !refresh.isNegative() && !refresh.isZero();
        }
    }

    public enum SourceType {
        FILE, GIT, BACKSTAGE, LDAP, MSGRAPH, GITHUB_ORG, URL, GITHUB, GITLAB
    }

    /**
     * Which repositories a github source reads, with the keys of Backstage's {@code GithubEntityProvider}
     * {@code filters}: {@code branch} (each repository's default branch when unset), {@code repository} (a
     * regular expression the whole name must match), {@code topic.include}/{@code topic.exclude}, {@code
     * visibility} ({@code public}, {@code private}, {@code internal}) and {@code allowForks} (true by
     * default, as in Backstage). Archived repositories are never read.
     */
    public record DiscoveryFilters(String branch, String repository, TopicFilter topic, List<String> visibility,
            @DefaultValue("true") boolean allowForks) {

        public DiscoveryFilters {
            visibility = visibility == null ? List.of() : List.copyOf(visibility);
        }

        /** The filters when none are written: every repository but the archived ones, forks included. */
        public static DiscoveryFilters none() {
            return new DiscoveryFilters(null, null, null, null, true);
        }
    }

    /** Topics a repository must have one of ({@code include}) and may have none of ({@code exclude}, which wins). */
    public record TopicFilter(List<String> include, List<String> exclude) {

        public TopicFilter {
            include = include == null ? List.of() : List.copyOf(include);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
        }
    }

    /**
     * TLS of an ldap source, with Backstage's {@code ldapOrg} {@code tls} keys: {@code
     * rejectUnauthorized} (default true; false trusts any certificate and any host name, for a test
     * directory only), {@code certs} and {@code keys} (PEM files of a client certificate chain and its
     * key, for a directory that asks for one); and, beyond Backstage, {@code ca} (a PEM file of
     * authorities to trust besides the JVM's, as a company's own CA often signs its directory) and
     * {@code startTls} (upgrade an {@code ldap://} connection before binding).
     */
    public record LdapTls(@DefaultValue("true") boolean rejectUnauthorized, java.nio.file.Path certs, java.nio.file.Path keys,
            java.nio.file.Path ca, @DefaultValue("false") boolean startTls) {
    }

    /**
     * How an ldap source binds, as Backstage's {@code ldapOrg} {@code bind}: a DN and its password
     * ({@code secret}; give it as a placeholder such as {@code ${LDAP_SECRET}}, never in a file).
     */
    public record LdapBind(String dn, String secret) {

        /** Without the secret: properties end up in logs and failure messages. */
        @Override
        public String toString() {
            return "LdapBind[dn=" + dn + ", secret=" + (secret == null ? "none" : "(set)") + "]";
        }
    }

    /**
     * What an ldap source reads as users or as groups, with Backstage's {@code ldapOrg} keys: the base
     * {@code dn}, the search {@code options}, which attribute gives which field ({@code map}, keys in
     * Backstage's spelling) and fixed values for fields ({@code set}, by path: {@code
     * metadata.labels.source: ldap}). Read from the bound tree by {@link SourceProperties#userSearches()}.
     */
    public record LdapSearch(String dn, LdapOptions options, Map<String, String> map, Map<String, Object> set) {
    }

    /**
     * The search: {@code filter} (LDAP syntax), {@code scope} ({@code one}, the default, {@code sub}
     * or {@code base}), the {@code attributes} to read (all, user and operational, when null), whether
     * to read in pages of {@code pageSize} entries (the simple paged results control; a server without
     * it answers in one piece), and ldapjs's {@code sizeLimit}, {@code timeLimit} (seconds) and
     * {@code derefAliases} (0 to 3), 0 meaning the server's default.
     */
    public record LdapOptions(String filter, String scope, List<String> attributes, boolean paged, int pageSize, int sizeLimit,
            int timeLimit, int derefAliases, boolean typesOnly) {
    }

    /**
     * Whether an ldap source asks the directory if anything changed before reading it ({@code
     * enabled}): where the root DSE publishes a change counter (Active Directory's {@code
     * highestCommittedUSN}, a changelog's {@code lastChangeNumber}) or the naming context a
     * {@code contextCSN} (OpenLDAP's syncprov), a run that finds it as the last run left it serves
     * that run's read again instead of reading every entry. A directory that publishes none is read
     * whole every run; every source is read whole at least every {@code fullReadInterval}.
     */
    public record LdapChangeDetection(@DefaultValue("true") boolean enabled, @NotNull @DefaultValue("P1D") Duration fullReadInterval) {
    }

    /** Which attributes hold an entry's DN and its unique id (OpenLDAP's {@code entryDN} and {@code entryUUID} by default). */
    public record LdapVendor(String dnAttributeName, String uuidAttributeName) {
    }

    /** An msgraph source's client secret; bound from the configured text, and never shown: properties end up in logs and failure messages. */
    public record GraphSecret(String value) {

        @Override
        public String toString() {
            return "GraphSecret[(set)]";
        }
    }

    /**
     * Which users an msgraph source reads, with Backstage's {@code microsoftGraphOrg} {@code user} keys:
     * an OData {@code filter}, {@code expand} and {@code select} for {@code GET /users}.
     */
    public record GraphUsers(String filter, String expand, List<String> select) {
    }

    /**
     * Which groups an msgraph source reads ({@code group.*}): OData {@code filter}, {@code search}, {@code expand} and {@code select};
     * or, written as plain text, the {@code path} of the group a gitlab source reads (Backstage's keys give both the name {@code group}).
     */
    public record GraphGroups(String filter, String search, String expand, List<String> select, String path) {
    }

    /** Users read as the members of the groups this {@code filter} or {@code search} selects ({@code userGroupMember.*}), instead of by a user filter. */
    public record GraphGroupMembers(String filter, String search) {
    }

    /** Graph's query capabilities: {@code advanced} sends {@code ConsistencyLevel: eventual} and {@code $count=true}, which {@code $search} and some filters need. */
    public enum GraphQueryMode {
        BASIC, ADVANCED
    }
}
