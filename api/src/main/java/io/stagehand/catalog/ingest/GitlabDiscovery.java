package io.stagehand.catalog.ingest;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.stagehand.catalog.CatalogProperties.SourceProperties;
import io.stagehand.http.HttpResilience;
import io.stagehand.http.PeerFailures;
import io.stagehand.http.RateLimits;
import io.stagehand.integrations.IntegrationsProperties;
import io.stagehand.integrations.IntegrationsProperties.GitlabIntegration;
import io.stagehand.model.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Finds the catalog files of the projects of a GitLab group and its sub-groups (or of every project
 * the token sees, without a group, which gitlab.com refuses), as Backstage's {@code GitlabDiscoveryEntityProvider} does: projects
 * listed with the REST API ({@code GET /groups/:id/projects?include_subgroups=true}, or {@code GET
 * /projects} in keyset pages), page after page by the {@code Link} header's {@code next}; kept by {@code
 * projectPattern}, {@code excludeRepos}, {@code skipForkedRepos} and, unless {@code includeArchivedRepos},
 * not archived; the file {@code catalogFile} on {@code branch}, else the project's default branch, else
 * {@code fallbackBranch}, located as {@code url:<baseUrl>/<project>/-/blob/<branch>/<file>}. GitLab's
 * {@code last_activity_at} is updated at most once an hour, so it cannot tell that a file changed: each
 * project's file is asked for conditionally every run, and an unchanged one costs a 304.
 */
final class GitlabDiscovery {

    static final String DEFAULT_CATALOG_FILE = "catalog-info.yaml";
    static final String DEFAULT_FALLBACK_BRANCH = "master";
    /** GitLab's largest page. */
    static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 10_000;
    /** GitLab's rules for the segments of a group or project path: nothing else is put into a URL. */
    private static final String SEGMENT = "(?!\\.{1,2}(?:/|$))[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}";
    private static final java.util.regex.Pattern PATH = java.util.regex.Pattern.compile(SEGMENT + "(/" + SEGMENT + "){1,20}");

    /** A project as the listing gives it. */
    record Project(String path, String defaultBranch, boolean archived, boolean fork) {
    }

    /** One page of projects and the URL of the next, if any. */
    private record Page(int number, List<Project> projects, URI next) {
    }

    private final String source;
    private final GitlabIntegration integration;
    private final String group;
    private final String branch;
    private final String fallbackBranch;
    private final String catalogFile;
    private final Pattern projectPattern;
    private final boolean skipForkedRepos;
    private final boolean includeArchivedRepos;
    private final Set<String> excludeRepos;
    private final HttpResilience resilience;
    private final WebClient client;
    private final Clock clock;
    private final Duration deadline;

    GitlabDiscovery(String source, SourceProperties properties, GitlabIntegration integration, HttpResilience resilience, WebClient client,
            Clock clock) {
        this.source = source;
        this.integration = integration;
        this.resilience = resilience;
        this.client = client;
        this.clock = clock;
        this.deadline = properties.refresh();
        this.group = properties.gitlabGroup();
        if (group != null && !PATH.matcher("g/" + group).matches()) {
            throw new IllegalStateException("Source " + source + ": group must be a GitLab group path such as platform/backend");
        }
        if (group == null && IntegrationsProperties.GITLAB_HOST.equals(integration.host())) {
            // every project the token sees is every public project of gitlab.com
            throw new IllegalStateException("Source " + source + ": a gitlab source on gitlab.com needs a group");
        }
        this.branch = blankToNull(properties.branch());
        this.fallbackBranch = blankToNull(properties.fallbackBranch()) == null ? DEFAULT_FALLBACK_BRANCH : properties.fallbackBranch().trim();
        String file = blankToNull(properties.catalogFile()) == null ? DEFAULT_CATALOG_FILE : properties.catalogFile().trim().replaceAll("^/+", "");
        if (file.isEmpty() || Globs.isGlob(file) || file.endsWith("/") || List.of(file.split("/")).stream().anyMatch(s -> s.isEmpty() || s.equals("..") || s.equals("."))) {
            throw new IllegalStateException("Source " + source + ": catalogFile must name a file in the project, such as catalog-info.yaml");
        }
        this.catalogFile = file;
        try {
            // as Backstage tests it: anywhere in the project's path, unanchored
            this.projectPattern = blankToNull(properties.projectPattern()) == null ? null : Pattern.compile(properties.projectPattern());
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException("Source " + source + ": projectPattern is not a valid regular expression (RE2 syntax)");
        }
        this.skipForkedRepos = properties.skipForkedRepos();
        this.includeArchivedRepos = properties.includeArchivedRepos();
        this.excludeRepos = properties.excludeRepos() == null ? Set.of() : Set.copyOf(properties.excludeRepos());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** What the source shows as its target: every project ({@code *}) of the group, the branch ({@code -} for each one's default) and the file. */
    String target() {
        return integration.baseUrl() + (group == null ? "" : "/" + group) + "/*/-/blob/" + (branch == null ? "-" : branch) + "/" + catalogFile;
    }

    /** Lists the projects and their catalog files; blocking, within the source's refresh interval. */
    DiscoveryTree.Listing list() throws IOException {
        List<DiscoveryTree.Found> files = new ArrayList<>();
        // one deadline for the whole listing: a slow server cannot stretch it page by page
        long ends = System.nanoTime() + deadline.toNanos();
        try {
            URI next = first();
            for (int number = 1; next != null; number++) {
                if (number > MAX_PAGES) {
                    throw new GitlabException(failure() + ": more than " + MAX_PAGES + " pages; stopped");
                }
                long left = ends - System.nanoTime();
                if (left <= 0) {
                    throw new GitlabException(failure() + ": the listing took longer than " + deadline + "; stopped");
                }
                Page page = page(next, number).block(java.time.Duration.ofNanos(left));
                if (page == null) {
                    break;
                }
                for (Project project : page.projects()) {
                    if (keeps(project)) {
                        files.add(new DiscoveryTree.Found(fileUrl(project), null, null));
                    }
                }
                next = page.next();
            }
        } catch (GitlabException e) {
            throw new IOException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new IOException(failure() + ": the listing took longer than the refresh interval (" + deadline + "); what was read before is kept");
        }
        return new DiscoveryTree.Listing(files, List.of());
    }

    /** The first page: the group's projects with its sub-groups', or every project the token sees, in keyset order. */
    private URI first() {
        String query = "?per_page=" + PAGE_SIZE + (includeArchivedRepos ? "" : "&archived=false") + (skipForkedRepos ? "" : "&simple=true");
        if (group == null) {
            return URI.create(integration.apiBaseUrl() + "/projects" + query + "&pagination=keyset&order_by=id&sort=asc");
        }
        return URI.create(integration.apiBaseUrl() + "/groups/" + UriUtils.encodePathSegment(group, StandardCharsets.UTF_8) + "/projects" + query
                + "&include_subgroups=true&order_by=id&sort=asc");
    }

    /** Whether the filters keep a project: as Backstage's, and only paths that can be put into a URL. */
    boolean keeps(Project project) {
        return PATH.matcher(project.path()).matches()
                && (group == null || project.path().startsWith(group + "/"))
                && (projectPattern == null || projectPattern.matcher(project.path()).find())
                && !(skipForkedRepos && project.fork())
                && (includeArchivedRepos || !project.archived())
                && !excludeRepos.contains(project.path());
    }

    private String fileUrl(Project project) {
        String ref = branch != null ? branch : project.defaultBranch() != null ? project.defaultBranch() : fallbackBranch;
        return integration.baseUrl() + "/" + project.path() + "/-/blob/" + encoded(ref) + "/" + encoded(catalogFile);
    }

    private static String encoded(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private Mono<Page> page(URI uri, int number) {
        return resilience.protect(client.get().uri(uri)
                        .headers(headers -> {
                            if (integration.token() != null) {
                                headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + integration.token().value());
                            }
                            headers.setAccept(List.of(MediaType.APPLICATION_JSON));
                        })
                        .exchangeToMono(response -> answer(response, number)))
                .onErrorMap(error -> error instanceof GitlabException ? error : explain(error));
    }

    /** A page of projects; a rate limit as a retryable 429 that says how long to wait, other failures by status only. */
    private Mono<Page> answer(ClientResponse response, int number) {
        int status = response.statusCode().value();
        HttpHeaders headers = response.headers().asHttpHeaders();
        if (RateLimits.limited(status, headers)) {
            return response.releaseBody().then(Mono.error(new RateLimits.Exceeded(status, RateLimits.waitSeconds(headers, clock))));
        }
        if (!response.statusCode().is2xxSuccessful()) {
            return response.releaseBody().then(Mono.error(WebClientResponseException.create(status, "", new HttpHeaders(), new byte[0],
                    StandardCharsets.UTF_8)));
        }
        URI next = next(headers.getFirst(HttpHeaders.LINK));
        return response.bodyToMono(String.class).defaultIfEmpty("").map(text -> {
            JsonNode answer;
            try {
                answer = Json.MAPPER.readTree(text);
            } catch (JacksonException e) {
                throw new GitlabException(failure() + ": the answer is not JSON");
            }
            if (!answer.isArray()) {
                throw new GitlabException(failure() + ": the answer is not a list of projects");
            }
            List<Project> projects = new ArrayList<>();
            answer.forEach(node -> projects.add(new Project(node.path("path_with_namespace").asString(""),
                    node.path("default_branch").isString() ? node.path("default_branch").stringValue() : null,
                    node.path("archived").asBoolean(false), node.has("forked_from_project") && !node.path("forked_from_project").isNull())));
            return new Page(number, projects, next);
        });
    }

    /**
     * The {@code next} page a {@code Link} header names, only under the integration's API: the token goes
     * with it, so a link elsewhere is refused rather than followed.
     */
    private URI next(String link) {
        if (link == null) {
            return null;
        }
        for (String part : link.split(",")) {
            String[] pieces = part.split(";");
            if (pieces.length >= 2 && pieces[0].trim().startsWith("<") && pieces[0].trim().endsWith(">")
                    && List.of(pieces).subList(1, pieces.length).stream().anyMatch(p -> p.trim().replace("\"", "").equals("rel=next"))) {
                String url = pieces[0].trim().substring(1, pieces[0].trim().length() - 1);
                if (!url.startsWith(integration.apiBaseUrl() + "/")) {
                    throw new GitlabException(failure() + ": the next page GitLab named is not under its apiBaseUrl; stopped");
                }
                try {
                    return URI.create(url);
                } catch (IllegalArgumentException e) {
                    throw new GitlabException(failure() + ": the next page GitLab named is not a URL; stopped");
                }
            }
        }
        return null;
    }

    private Throwable explain(Throwable error) {
        if (PeerFailures.breakerOpen(error)) {
            return new GitlabException("Source " + source + ": the circuit breaker is open after repeated failures of GitLab ("
                    + integration.host() + "); what was read before is kept");
        }
        if (error instanceof RateLimits.Exceeded limited) {
            return new GitlabException(failure() + ": GitLab's rate limit (HTTP " + limited.status() + ") outlasted the retries");
        }
        return new GitlabException(failure() + PeerFailures.describe(error));
    }

    private String failure() {
        return "Source " + source + ": GitLab (" + integration.host() + ") could not list the projects" + (group == null ? "" : " of group " + group);
    }

    /** A listing that failed; its message is safe to store, serve and log. */
    static final class GitlabException extends RuntimeException {
        GitlabException(String message) {
            super(message, null, false, false);
        }
    }
}
