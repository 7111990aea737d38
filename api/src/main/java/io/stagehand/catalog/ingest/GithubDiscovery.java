package io.stagehand.catalog.ingest;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.stagehand.catalog.CatalogProperties.DiscoveryFilters;
import io.stagehand.catalog.CatalogProperties.SourceProperties;
import io.stagehand.catalog.CatalogProperties.TopicFilter;
import io.stagehand.model.Problem;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Finds the catalog files of the repositories of a GitHub organisation (or user), as Backstage's
 * {@code GithubEntityProvider} does: repositories listed through GraphQL ({@code
 * repositoryOwner.repositories}, page by page), archived ones left out, the others kept by {@code
 * filters} (name pattern, topics, visibility, forks), and in each the file at {@code catalogPath}
 * on {@code filters.branch} or the default branch, located as {@code
 * url:https://<host>/<owner>/<repo>/blob/<branch>/<path>}. Unlike Backstage, a repository is asked
 * for nothing more when it did not change: the listing gives each file's blob id ({@code object(expression:)}),
 * or, for a {@code catalogPath} with a glob, the branch's commit, whose tree ({@code git/trees?recursive=1})
 * is read again only when that commit moved. A repository whose tree cannot be read fails alone and
 * keeps the files it had.
 */
final class GithubDiscovery {

    static final String DEFAULT_CATALOG_PATH = "/catalog-info.yaml";
    /** GitHub's largest page; the nested topics keep the query far inside its node limit. */
    static final int PAGE_SIZE = 100;
    /** How many repositories' trees are read at once, when a glob needs them: each answer is held whole while it is read. */
    private static final int TREE_READS = 4;
    /** GitHub's rules for an owner's login and a repository's name: nothing else is put into a URL. */
    private static final java.util.regex.Pattern LOGIN = java.util.regex.Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
    private static final java.util.regex.Pattern REPOSITORY = java.util.regex.Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}");
    private static final java.util.regex.Pattern COMMIT = java.util.regex.Pattern.compile("[0-9a-f]{40,64}");

    static final String QUERY = """
            query repositories($org: String!, $cursor: String, $pageSize: Int!, $catalogPathRef: String!, $branchRef: String!,
                $withBranch: Boolean!, $withFile: Boolean!) {
              repositoryOwner(login: $org) {
                repositories(first: $pageSize, after: $cursor) {
                  pageInfo { hasNextPage endCursor }
                  nodes {
                    name isArchived isFork visibility
                    repositoryTopics(first: 100) { nodes { topic { name } } }
                    defaultBranchRef { name target { oid } }
                    branch: ref(qualifiedName: $branchRef) @include(if: $withBranch) { name target { oid } }
                    catalogInfoFile: object(expression: $catalogPathRef) @include(if: $withFile) { __typename ... on Blob { oid } }
                  }
                }
              }
            }""";

    /** A repository as the listing gives it; {@code branch} and {@code commit} are those read, {@code blob} the catalog file's id. */
    record Repository(String name, boolean archived, boolean fork, String visibility, List<String> topics, String branch,
            String commit, String blob) {
    }

    /** A repository's files under a glob as its tree at {@code commit} had them. */
    private record Tree(String commit, List<DiscoveryTree.Found> files) {
    }

    private final String source;
    private final String host;
    private final String organization;
    private final String catalogPath;
    private final boolean glob;
    private final DiscoveryFilters filters;
    private final Pattern repositoryPattern;
    private final GithubOrgClient client;
    private final String apiBaseUrl;
    private final Duration deadline;
    private final Map<String, Tree> trees = new ConcurrentHashMap<>();

    GithubDiscovery(String source, SourceProperties properties, String host, String apiBaseUrl, GithubOrgClient client) {
        this.source = source;
        this.host = host;
        this.apiBaseUrl = apiBaseUrl;
        this.client = client;
        this.deadline = properties.refresh();
        this.organization = properties.organization().trim();
        if (!LOGIN.matcher(organization).matches()) {
            throw new IllegalStateException("Source " + source + ": organization must be a GitHub login such as acme");
        }
        String path = properties.catalogPath() == null || properties.catalogPath().isBlank() ? DEFAULT_CATALOG_PATH : properties.catalogPath().trim();
        this.catalogPath = path.startsWith("/") ? path.substring(1) : path;
        if (catalogPath.isEmpty() || catalogPath.endsWith("/") || List.of(catalogPath.split("/")).stream().anyMatch(s -> s.isEmpty() || s.equals("..") || s.equals("."))) {
            throw new IllegalStateException("Source " + source + ": catalogPath must name a file in the repository, such as /catalog-info.yaml");
        }
        this.glob = Globs.isGlob(catalogPath);
        if (glob && properties.validateLocationsExist()) {
            // as Backstage refuses it: whether a pattern's files exist cannot be checked before they are listed
            throw new IllegalStateException("Source " + source + ": catalogPath " + path + " contains a wildcard, which is incompatible with"
                    + " validateLocationsExist; set it to false");
        }
        this.filters = properties.filters() == null ? DiscoveryFilters.none() : properties.filters();
        this.repositoryPattern = compile(source, filters.repository());
    }

    /** A name pattern anchored at both ends, as Backstage anchors it, in RE2/J's linear-time syntax. */
    private static Pattern compile(String source, String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return null;
        }
        String anchored = (pattern.startsWith("^") ? "" : "^") + pattern + (pattern.endsWith("$") ? "" : "$");
        try {
            return Pattern.compile(anchored);
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException("Source " + source + ": filters.repository is not a valid regular expression (RE2 syntax)");
        }
    }

    /**
     * What the source shows as its target, in the form Backstage's discovery URLs take: every repository
     * ({@code *}) of the owner, the branch ({@code -} for each one's default) and the path read.
     */
    String target() {
        String branch = filters.branch() == null || filters.branch().isBlank() ? "-" : filters.branch().trim();
        return "https://" + host + "/" + organization + "/*/blob/" + branch + "/" + catalogPath;
    }

    /**
     * Lists the organisation's repositories and the catalog files in those the filters keep; blocking, within the
     * source's refresh interval. Unless {@code skipUnchanged}, every tree a glob needs is read again.
     */
    DiscoveryTree.Listing list(boolean skipUnchanged) throws IOException {
        if (!skipUnchanged) {
            trees.clear();
        }
        try {
            return listOrFail();
        } catch (GithubOrgClient.GithubOrgException e) {
            throw new IOException(e.getMessage());
        } catch (IllegalStateException e) {
            // block's timeout: the listing outlasted the run
            throw new IOException("Source " + source + ": listing the repositories of " + organization + " took longer than the refresh interval ("
                    + deadline + "); what was read before is kept");
        }
    }

    private DiscoveryTree.Listing listOrFail() {
        List<Repository> repositories = repositories().collectList().block(deadline);
        List<Repository> kept = repositories == null ? List.of() : repositories.stream().filter(this::keeps).toList();
        trees.keySet().retainAll(kept.stream().map(Repository::name).toList());
        if (!glob) {
            return new DiscoveryTree.Listing(kept.stream().filter(r -> r.blob() != null)
                    .map(r -> new DiscoveryTree.Found(fileUrl(r, catalogPath), "blob:" + r.blob(), origin(r))).toList(), List.of());
        }
        List<DiscoveryTree.Found> files = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Map.Entry<Repository, Object>> read = Flux.fromIterable(kept)
                .flatMapSequential(repository -> filesOf(repository).<Object>map(found -> found)
                        .onErrorResume(error -> Mono.just(error))
                        .map(result -> Map.entry(repository, result)), TREE_READS)
                .collectList().block(deadline);
        for (Map.Entry<Repository, Object> entry : read == null ? List.<Map.Entry<Repository, Object>>of() : read) {
            Repository repository = entry.getKey();
            if (entry.getValue() instanceof Tree tree) {
                trees.put(repository.name(), tree);
                files.addAll(tree.files());
            } else {
                Tree last = trees.get(repository.name());
                String message = entry.getValue() instanceof GithubOrgClient.GithubOrgException known ? known.getMessage()
                        : "Source " + source + ": the files of repository " + repository.name() + " could not be listed";
                problems.add(Problem.error(origin(repository), 0, null, message + (last == null ? "" : "; the files it had are kept")));
                if (last != null) {
                    files.addAll(last.files());
                }
            }
        }
        return new DiscoveryTree.Listing(files, problems);
    }

    /** Every repository of the owner, page by page. */
    private Flux<Repository> repositories() {
        String branch = filters.branch() == null || filters.branch().isBlank() ? null : filters.branch().trim();
        Map<String, Object> variables = Map.of("org", organization, "pageSize", PAGE_SIZE,
                "catalogPathRef", (branch == null ? "HEAD" : branch) + ":" + catalogPath,
                "branchRef", branch == null ? "HEAD" : "refs/heads/" + branch,
                "withBranch", branch != null, "withFile", !glob);
        return client.nodes(organization, QUERY, variables, List.of("repositoryOwner", "repositories"), "the repositories")
                .map(GithubDiscovery::repository);
    }

    /** A node of the listing as a repository: the configured branch when one is, else the default branch. */
    static Repository repository(JsonNode node) {
        List<String> topics = new ArrayList<>();
        node.path("repositoryTopics").path("nodes").forEach(topic -> {
            String name = topic.path("topic").path("name").asString("");
            if (!name.isEmpty()) {
                topics.add(name);
            }
        });
        JsonNode ref = node.has("branch") ? node.path("branch") : node.path("defaultBranchRef");
        String branch = ref.path("name").isString() ? ref.path("name").stringValue() : null;
        String commit = ref.path("target").path("oid").isString() ? ref.path("target").path("oid").stringValue() : null;
        JsonNode file = node.path("catalogInfoFile");
        String blob = "Blob".equals(file.path("__typename").asString("")) && file.path("oid").isString() ? file.path("oid").stringValue() : null;
        return new Repository(node.path("name").asString(""), node.path("isArchived").asBoolean(false), node.path("isFork").asBoolean(false),
                node.path("visibility").asString(""), List.copyOf(topics), branch, commit, blob);
    }

    /** Whether the filters keep a repository: as Backstage's, and only names and branches that can be put into a URL. */
    boolean keeps(Repository repository) {
        return !repository.archived() && REPOSITORY.matcher(repository.name()).matches()
                && repository.branch() != null && !repository.branch().isBlank()
                && repository.commit() != null && COMMIT.matcher(repository.commit()).matches()
                && (repositoryPattern == null || repositoryPattern.matcher(repository.name()).matches())
                && topics(filters.topic()).test(repository.topics())
                && (filters.allowForks() || !repository.fork())
                && (filters.visibility().isEmpty() || filters.visibility().stream().anyMatch(v -> v.equalsIgnoreCase(repository.visibility())));
    }

    /** Backstage's topic filter: one of {@code include} when it names any, none of {@code exclude}, which wins. */
    private static Predicate<List<String>> topics(TopicFilter filter) {
        if (filter == null) {
            return topics -> true;
        }
        return topics -> (filter.include().isEmpty() || filter.include().stream().anyMatch(topics::contains))
                && filter.exclude().stream().noneMatch(topics::contains);
    }

    /** The files under the glob at the repository's commit: remembered while the commit stays, else its tree read again. */
    private Mono<Tree> filesOf(Repository repository) {
        Tree last = trees.get(repository.name());
        if (last != null && last.commit().equals(repository.commit())) {
            return Mono.just(last);
        }
        URI uri = URI.create(apiBaseUrl + "/repos/" + organization + "/" + repository.name() + "/git/trees/" + repository.commit() + "?recursive=1");
        Predicate<String> matches = Globs.matcher(catalogPath);
        return client.get(organization, uri, "the tree of repository " + repository.name()).map(answer -> {
            if (answer.path("truncated").asBoolean(false)) {
                throw new GithubOrgClient.GithubOrgException("Source " + source + ": the tree of repository " + repository.name()
                        + " is too large for GitHub to list whole; use a catalogPath without a wildcard there");
            }
            List<DiscoveryTree.Found> found = new ArrayList<>();
            for (JsonNode entry : answer.path("tree")) {
                String path = entry.path("path").asString("");
                if ("blob".equals(entry.path("type").asString("")) && matches.test(path) && entry.path("sha").isString()) {
                    found.add(new DiscoveryTree.Found(fileUrl(repository, path), "blob:" + entry.path("sha").stringValue(), origin(repository)));
                }
            }
            return new Tree(repository.commit(), List.copyOf(found));
        });
    }

    private String repositoryUrl(Repository repository) {
        return "https://" + host + "/" + organization + "/" + repository.name();
    }

    /** A file's URL in Backstage's form, each segment of the branch and path encoded: what the API gave never changes its shape. */
    private String fileUrl(Repository repository, String path) {
        return repositoryUrl(repository) + "/blob/" + encoded(repository.branch()) + "/" + encoded(path);
    }

    /** The origin of a repository's entities: the location Backstage's provider registers for it, pattern included. */
    private String origin(Repository repository) {
        return "url:" + repositoryUrl(repository) + "/blob/" + encoded(repository.branch()) + "/" + catalogPath;
    }

    private static String encoded(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(UriUtils.encodePathSegment(segment, java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}
