package io.stagehand.scorecard.facts;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.catalog.ingest.CatalogSources;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.catalog.ingest.GitRepositories;
import io.stagehand.catalog.store.EntitySnapshots.Snapshot;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.HostileContentTests;
import io.stagehand.scorecard.evaluation.Evaluation.StoredFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Git facts under hostile annotations and repositories (issue 27): no fetch from an internal host, no repository outside the roots, no OOM. */
class HostileGitTests {

    static final Path ROOT = Path.of("target/it/hostile-git").toAbsolutePath();
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final FactSource REPO = HostileContentTests.load("""
            kind: FactSource
            metadata: {name: repo}
            spec:
              type: git
              facts:
                hasReadme: {exists: README.md}
            """).factSources().get("repo");
    static final WireMockServer peer = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    GitRepositories repositories;

    @BeforeAll
    static void start() {
        peer.start();
    }

    @AfterAll
    static void stop() {
        peer.stop();
    }

    @BeforeEach
    void clean() throws Exception {
        Fixtures.deleteRecursively(ROOT);
        Files.createDirectories(ROOT);
        CatalogProperties properties = mock(CatalogProperties.class);
        when(properties.gitCache()).thenReturn(ROOT.resolve("cache"));
        // no catalog source: every entity here names its repository by annotation
        repositories = new GitRepositories(mock(CatalogSources.class), properties);
    }

    StoredFacts read(GitFactReader reader, GitFacts.Listings listings, String sourceLocation) {
        JsonNode document = HostileContentTests.JSON.readTree("{\"kind\": \"Component\", \"metadata\": {\"name\": \"x\", \"annotations\": "
                + "{\"backstage.io/source-location\": \"" + sourceLocation + "\"}}}");
        Snapshot snapshot = new Snapshot("component:default/x", "component:default/x", "Component", "elsewhere", "l", "{}", List.of());
        listings.begin();
        return reader.read(listings, REPO, snapshot, document, NOW);
    }

    static void repository(Path path) throws Exception {
        Files.createDirectories(path);
        Files.writeString(path.resolve("README.md"), "# readme\n", StandardCharsets.UTF_8);
        try (Git git = Git.init().setInitialBranch("main").setDirectory(path.toFile()).call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("one").setAuthor(new PersonIdent("T", "t@example.com")).setCommitter(new PersonIdent("T", "t@example.com"))
                    .setSign(false).call();
        }
    }

    // Row 1

    @Test
    void aSourceLocationOnAnInternalHostIsNotFetchedAndIsAFixedProblem() {
        GitFactReader reader = new GitFactReader(repositories, name -> null, new RepositoryGuard(List.of("git.example.com"), List.of()));
        try (GitFacts.Listings listings = new GitFacts.Listings(repositories, GitFacts.Limits.DEFAULT)) {
            StoredFacts stored = read(reader, listings, "url:http://127.0.0.1:" + peer.port() + "/org/repo/tree/main/svc");

            assertThat(stored.values()).isNull();
            assertThat(stored.problem()).isEqualTo("A repository on a host not in stagehand.scorecards.git.allowed-hosts is not read");
        }
        peer.verify(0, anyRequestedFor(anyUrl()));
        assertThat(ROOT.resolve("cache")).doesNotExist();
    }

    /** An allowed host answers with a redirect to an internal one: the redirect is not followed, nothing reaches the other host. */
    @Test
    void aRedirectFromAnAllowedHostIsNotFollowed() {
        WireMockServer inside = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        inside.start();
        try {
            peer.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(anyUrl()).willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(301)
                            .withHeader("Location", "http://localhost:" + inside.port() + "/org/repo.git/info/refs?service=git-upload-pack")));
            GitFactReader reader = new GitFactReader(repositories, name -> null, new RepositoryGuard(List.of("127.0.0.1"), List.of()));
            try (GitFacts.Listings listings = new GitFacts.Listings(repositories, GitFacts.Limits.DEFAULT)) {
                StoredFacts stored = read(reader, listings, "url:http://127.0.0.1:" + peer.port() + "/org/repo/tree/main/svc");

                assertThat(stored.values()).isNull();
                assertThat(stored.problem()).startsWith("Could not fetch the repository at");
            }
            peer.verify(com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly(1), anyRequestedFor(anyUrl()));
            inside.verify(0, anyRequestedFor(anyUrl()));
        } finally {
            peer.resetAll();
            inside.stop();
        }
    }

    // Row 2

    @Test
    void aLocalRepositoryIsReadOnlyUnderAnAllowedRoot() throws Exception {
        repository(ROOT.resolve("allowed/repo"));
        repository(ROOT.resolve("private/secrets"));
        GitFactReader reader = new GitFactReader(repositories, name -> null, new RepositoryGuard(List.of(), List.of(ROOT.resolve("allowed"))));
        try (GitFacts.Listings listings = new GitFacts.Listings(repositories, GitFacts.Limits.DEFAULT)) {
            for (String outside : List.of("file://" + ROOT.resolve("private/secrets"), ROOT.resolve("private/secrets").toString(),
                    "file://" + ROOT.resolve("allowed/../private/secrets"), "/etc")) {
                StoredFacts stored = read(reader, listings, outside);
                assertThat(stored.values()).as(outside).isNull();
                assertThat(stored.problem()).as(outside).isEqualTo("A local repository outside stagehand.scorecards.git.allowed-roots is not read");
            }

            StoredFacts inside = read(reader, listings, "file://" + ROOT.resolve("allowed/repo"));
            assertThat(inside.problem()).isNull();
            assertThat(inside.values().path("hasReadme").booleanValue()).isTrue();
        }
    }

    // Row 3

    @Test
    void aTreePastTheEntryCapIsOneProblemAndOtherRepositoriesAreStillRead() throws Exception {
        repository(ROOT.resolve("repos/small"));
        huge(ROOT.resolve("repos/huge"), 5_000);
        GitFactReader reader = new GitFactReader(repositories, name -> null, new RepositoryGuard(List.of(), List.of(ROOT.resolve("repos"))));
        try (GitFacts.Listings listings = new GitFacts.Listings(repositories, new GitFacts.Limits(1_000, 64, 1L << 26))) {
            StoredFacts huge = read(reader, listings, ROOT.resolve("repos/huge").toString());
            assertThat(huge.values()).isNull();
            assertThat(huge.problem()).matches("The tree of commit [0-9a-f]{12} has more than 1000 entries "
                    + "\\(stagehand.scorecards.git.max-tree-entries\\); its git facts are not read");

            StoredFacts small = read(reader, listings, ROOT.resolve("repos/small").toString());
            assertThat(small.problem()).isNull();
            assertThat(small.values().path("hasReadme").booleanValue()).isTrue();
        }
        // depth and bytes of paths are capped alike
        repository(ROOT.resolve("repos/deep/a/b/c/d/e"));
        try (Git git = Git.open(ROOT.resolve("repos/deep/a/b/c/d/e").toFile())) {
            Files.createDirectories(ROOT.resolve("repos/deep/a/b/c/d/e/f/g/h/i"));
            Files.writeString(ROOT.resolve("repos/deep/a/b/c/d/e/f/g/h/i/README.md"), "deep\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("deep").setAuthor(new PersonIdent("T", "t@example.com"))
                    .setCommitter(new PersonIdent("T", "t@example.com")).setSign(false).call();
        }
        String deep = ROOT.resolve("repos/deep/a/b/c/d/e").toString();
        try (GitFacts.Listings listings = new GitFacts.Listings(repositories, new GitFacts.Limits(1_000, 3, 1L << 26))) {
            assertThat(read(reader, listings, deep).problem()).endsWith("is deeper than 3 folders (stagehand.scorecards.git.max-tree-depth);"
                    + " its git facts are not read");
        }
        try (GitFacts.Listings listings = new GitFacts.Listings(repositories, new GitFacts.Limits(1_000, 64, 20))) {
            assertThat(read(reader, listings, deep).problem()).endsWith("has more than 20 bytes of paths"
                    + " (stagehand.scorecards.git.max-tree-bytes); its git facts are not read");
        }
    }

    /** A repository whose one commit has {@code files} entries, written as objects directly (a checkout of them would be slow). */
    static void huge(Path path, int files) throws Exception {
        try (Git git = Git.init().setInitialBranch("main").setDirectory(path.toFile()).call()) {
            Repository repository = git.getRepository();
            try (ObjectInserter inserter = repository.newObjectInserter()) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, "x\n".getBytes(StandardCharsets.UTF_8));
                TreeFormatter tree = new TreeFormatter();
                java.util.List<String> names = new java.util.ArrayList<>();
                for (int i = 0; i < files; i++) {
                    names.add(String.format("f%06d", i));
                }
                java.util.Collections.sort(names);
                for (String name : names) {
                    tree.append(name, FileMode.REGULAR_FILE, blob);
                }
                ObjectId treeId = inserter.insert(tree);
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(treeId);
                PersonIdent ident = new PersonIdent("T", "t@example.com");
                commit.setAuthor(ident);
                commit.setCommitter(ident);
                commit.setMessage("many files");
                ObjectId commitId = inserter.insert(commit);
                inserter.flush();
                RefUpdate update = repository.updateRef("refs/heads/main");
                update.setNewObjectId(commitId);
                update.forceUpdate();
            }
        }
    }
}
