package io.stagehand.catalog.ingest;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagehand.catalog.CatalogProperties.SourceProperties;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.catalog.store.SourceNames;
import io.stagehand.git.GitMirror;
import io.stagehand.http.HttpResilience;
import io.stagehand.http.Redaction;
import io.stagehand.integrations.GithubCredentials;
import io.stagehand.integrations.IntegrationsProperties.GithubIntegration;
import io.stagehand.integrations.IntegrationsProperties.GitlabIntegration;
import io.stagehand.integrations.IntegrationsProperties;
import io.stagehand.integrations.UrlReaders;
import io.stagehand.model.Problem;
import io.stagehand.model.ReadResult;
import io.stagehand.model.YamlLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** The sources of this server, built from {@code stagehand.sources} plus the demo catalog when enabled. */
@NamedInterface("sources")
@Component
public class CatalogSources implements SourceNames {

    static final String DEMO_ROOT = "demo-catalog";

    private final Map<String, CatalogSource> sources = new LinkedHashMap<>();
    private final Map<String, HttpResilience> resilience = new LinkedHashMap<>();
    private final Map<String, GitMirror> mirrors = new LinkedHashMap<>();

    public CatalogSources(CatalogProperties properties, CircuitBreakerRegistry breakers, RetryRegistry retries,
            RateLimiterRegistry limiters, MeterRegistry meters, WebClient.Builder webClients, JsonMapper json,
            IntegrationsProperties integrations, GithubCredentials githubCredentials, UrlReaders urls, OrgTransformers transformers) {
        CatalogProperties.Ingest ingest = properties.ingest();
        CatalogReader reader = new CatalogReader(new YamlLimits(ingest.maxFileBytes(), ingest.maxDocumentsPerFile(),
                ingest.maxYamlNodes(), ingest.maxYamlDepth()), ingest, urls);
        if (properties.demo().enabled()) {
            add(new CatalogSource(CatalogProperties.Demo.SOURCE_NAME, CatalogSource.Type.DEMO, "classpath:" + DEMO_ROOT, "catalog-info.yaml",
                    Duration.ofHours(24), files(reader, "catalog-info.yaml", Duration.ofHours(24), skip -> new ClasspathTree(DEMO_ROOT))));
        }
        for (int i = 0; i < properties.sources().size(); i++) {
            SourceProperties source = properties.sources().get(i);
            String name = source.nameOr(i);
            add(switch (source.type()) {
                case FILE -> new CatalogSource(name, CatalogSource.Type.FILE, source.path().toString(), source.glob(), source.refresh(),
                        files(reader, source.glob(), source.refresh(), skip -> new FileTree(source.path())));
                case GIT -> {
                    // the token is read at each run (a missing one fails that run); the clone read by others needs none
                    mirrors.put(name, new GitMirror(name, source.url(), source.branch(), properties.gitCache(), null));
                    yield new CatalogSource(name, CatalogSource.Type.GIT, Redaction.redact(source.url()), source.glob(), source.refresh(),
                            files(reader, source.glob(), source.refresh(), skip -> GitTree.of(new GitMirror(name, source.url(), source.branch(), properties.gitCache(),
                                    SourceTokens.fromEnvironment(name, source.tokenEnv())).snapshot())));
                }
                case BACKSTAGE -> {
                    HttpResilience protection = new HttpResilience(name, source.http(), breakers, retries, limiters);
                    resilience.put(name, protection);
                    BackstageReader backstage = new BackstageReader(name, source, protection, meters, webClients.clone(), json);
                    yield new CatalogSource(name, CatalogSource.Type.BACKSTAGE, Redaction.redact(source.url()), null, source.refresh(), skipUnchanged -> backstage.read().flux());
                }
                case LDAP -> {
                    LdapReader ldap = new LdapReader(name, source, transformers);
                    // a blocking client: off the event loops, one directory read per run
                    yield new CatalogSource(name, CatalogSource.Type.LDAP, Redaction.redact(source.target()), null, source.refresh(),
                            skipUnchanged -> Mono.fromCallable(() -> ldap.read(skipUnchanged)).subscribeOn(Schedulers.boundedElastic()).flux());
                }
                case MSGRAPH -> {
                    HttpResilience protection = HttpResilience.named("msgraph-" + name, source.http(), breakers, retries, limiters);
                    resilience.put(name, protection);
                    MsGraphReader graph = new MsGraphReader(name, source,
                            new MsGraphClient(name, source, protection, webClients.clone(), java.time.Clock.systemUTC()), transformers);
                    yield new CatalogSource(name, CatalogSource.Type.MSGRAPH, Redaction.redact(MsGraphClient.target(source)), null, source.refresh(),
                            skipUnchanged -> graph.read().flux());
                }
                case URL -> new CatalogSource(name, CatalogSource.Type.URL, Redaction.redact(source.target()), null, source.refresh(),
                        files(reader, "", source.refresh(), skip -> RemoteTree.root(source.target(), urls)));
                case GITHUB -> {
                    GithubIntegration integration = discoveryIntegration(name, source, integrations);
                    HttpResilience protection = HttpResilience.named("github-discovery-" + name, source.http(), breakers, retries, limiters);
                    resilience.put(name, protection);
                    GithubDiscovery discovery = new GithubDiscovery(name, source, integration.host(), integration.apiBaseUrl(), new GithubOrgClient(name,
                            integration, githubCredentials, source.http(), protection, webClients.clone(), java.time.Clock.systemUTC()));
                    yield new CatalogSource(name, CatalogSource.Type.GITHUB, discovery.target(), null, source.refresh(),
                            files(reader, "", source.refresh(), skip -> new DiscoveryTree(() -> discovery.list(skip))));
                }
                case GITLAB -> {
                    GitlabIntegration integration = gitlabIntegration(name, source.host(), integrations);
                    HttpResilience protection = HttpResilience.named("gitlab-discovery-" + name, source.http(), breakers, retries, limiters);
                    resilience.put(name, protection);
                    GitlabDiscovery discovery = new GitlabDiscovery(name, source, integration, protection,
                            source.http().webClient(webClients.clone(), 8 * 1024 * 1024), java.time.Clock.systemUTC());
                    yield new CatalogSource(name, CatalogSource.Type.GITLAB, Redaction.redact(discovery.target()), null, source.refresh(),
                            files(reader, "", source.refresh(), skip -> new DiscoveryTree(discovery::list)));
                }
                case GITHUB_ORG -> {
                    GithubIntegration integration = githubIntegration(name, source, integrations);
                    HttpResilience protection = HttpResilience.named("github-org-" + name, source.http(), breakers, retries, limiters);
                    resilience.put(name, protection);
                    GithubOrgReader github = new GithubOrgReader(name, source, integration, new GithubOrgClient(name, integration,
                            githubCredentials, source.http(), protection, webClients.clone(), java.time.Clock.systemUTC()), transformers);
                    yield new CatalogSource(name, CatalogSource.Type.GITHUB_ORG, Redaction.redact(GithubOrgReader.url(source)), null,
                            source.refresh(), skipUnchanged -> github.read().flux());
                }
            });
        }
    }

    /** The integration of a github-org source's host, as Backstage requires one: a source without one stops the server at start-up. */
    private static GithubIntegration githubIntegration(String name, SourceProperties source, IntegrationsProperties integrations) {
        String host;
        try {
            host = GithubOrgReader.host(GithubOrgReader.url(source));
            if (source.orgUrl() != null && !source.orgUrl().isBlank()) {
                GithubOrgReader.orgOf(source.orgUrl());
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("Source " + name + ": orgUrl or githubUrl is not a GitHub URL such as https://github.com/acme");
        }
        GithubIntegration integration = integrations.githubFor(host).orElseThrow(() -> new IllegalStateException("Source " + name
                + ": no GitHub integration matches host " + host + "; add it under stagehand.integrations.github"));
        if (integration.apiBaseUrl() == null) {
            throw new IllegalStateException("Source " + name + ": the GitHub integration of " + host + " needs an apiBaseUrl");
        }
        boolean listed = source.orgUrl() != null && !source.orgUrl().isBlank() || source.orgs() != null && !source.orgs().isEmpty();
        if (!listed && integration.apps().isEmpty()) {
            throw new IllegalStateException("Source " + name + ": without orgs, the organisations are those the GitHub Apps of " + host
                    + " are installed in, and it has none; name them in orgs");
        }
        return integration;
    }

    /**
     * The integration of a github discovery source's {@code host} (github.com by default): one an operator wrote,
     * since only those hosts are read by URL, with an API; else the server stops at start-up.
     */
    private static GithubIntegration discoveryIntegration(String name, SourceProperties source, IntegrationsProperties integrations) {
        String host = source.host() == null || source.host().isBlank() ? IntegrationsProperties.GITHUB_HOST
                : source.host().trim().toLowerCase(java.util.Locale.ROOT);
        GithubIntegration integration = integrations.githubFor(host).filter(IntegrationsProperties::written).orElseThrow(() ->
                new IllegalStateException("Source " + name + ": no GitHub integration is configured for host " + host
                        + "; add it under stagehand.integrations.github"));
        if (integration.apiBaseUrl() == null) {
            throw new IllegalStateException("Source " + name + ": the GitHub integration of " + host + " needs an apiBaseUrl");
        }
        return integration;
    }

    /** The integration of a gitlab discovery source's {@code host}, one an operator wrote (only those hosts are read by URL); else the server stops at start-up. */
    private static GitlabIntegration gitlabIntegration(String name, String host, IntegrationsProperties integrations) {
        String wanted = host.trim().toLowerCase(java.util.Locale.ROOT);
        return integrations.gitlabFor(wanted).filter(IntegrationsProperties::written).orElseThrow(() ->
                new IllegalStateException("Source " + name + ": no GitLab integration is configured for host " + wanted
                        + "; add it under stagehand.integrations.gitlab"));
    }

    /**
     * Opens a tree of files for a run, which may answer from what earlier runs learnt when {@code skipUnchanged};
     * an exception while opening means the source could not be read at all.
     */
    @FunctionalInterface
    private interface TreeOpener {
        CatalogTree open(boolean skipUnchanged) throws IOException;
    }

    /** A source of files; its runs ask no URL once {@code urlTime} (its refresh interval) has passed. */
    private static CatalogSource.Reader files(CatalogReader reader, String glob, Duration urlTime, TreeOpener opener) {
        FileMemo memo = new FileMemo();
        return skipUnchanged -> Flux.using(() -> {
            if (!skipUnchanged) {
                memo.clear();
            }
            return opener.open(skipUnchanged);
        }, tree -> Flux.fromIterable(reader.parts(tree, glob, memo, urlTime)).concatWith(Flux.defer(() -> refused(tree))),
                CatalogTree::close)
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The tree's own problems (links not followed) as one more part of the run. */
    private static Flux<ReadResult> refused(CatalogTree tree) {
        List<Problem> problems = tree.refused();
        return problems.isEmpty() ? Flux.empty()
                : Flux.just(new ReadResult(List.of(), new ArrayList<>(problems), new java.util.HashSet<>(), new java.util.HashSet<>(), 0, null));
    }

    /** Adds a source; package-private for tests that read from a source of their own. */
    void add(CatalogSource source) {
        sources.put(source.name(), source);
    }

    public List<CatalogSource> all() {
        return new ArrayList<>(sources.values());
    }

    @Override
    public Set<String> configured() {
        return Set.copyOf(sources.keySet());
    }

    public Optional<CatalogSource> find(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    /** The clone of a git source, as its runs last fetched it; null for other sources. */
    GitMirror mirror(String name) {
        return mirrors.get(name);
    }

    /** The circuit breaker state of an HTTP source (CLOSED, OPEN, HALF_OPEN, ...), or null for other sources. */
    public String circuitState(String name) {
        HttpResilience protection = resilience.get(name);
        return protection == null ? null : protection.circuitState().name();
    }
}
