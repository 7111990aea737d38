package io.stagehand.scorecard.facts;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.catalog.ingest.GitRepositories;
import io.stagehand.scorecard.definition.DefinitionLoader;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A commit's listing made from the previous commit's listing and the paths that differ must be the
 * listing of the whole tree: files added, changed and deleted, a file that became a folder, a
 * folder removed, a symbolic link (never a file).
 */
class GitListingTests {

    static final Path ROOT = Path.of("target/it/git-listing").toAbsolutePath();
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final FactSource REPO = new DefinitionLoader().load(List.of(new DefinitionLoader.Source("repo.yaml", """
            kind: FactSource
            metadata: {name: repo}
            spec:
              type: git
              facts:
                hasReadme: {exists: README.md}
                hasBackups: {anyExists: [backup.yaml, ops/backup.yaml]}
                dashboards: {count: "monitoring/**"}
                team: {file: owners.yaml, path: $.team}
            """.getBytes(StandardCharsets.UTF_8)))).factSources().get("repo");

    private Git git;

    @BeforeEach
    void repository() throws Exception {
        Fixtures.deleteRecursively(ROOT);
        git = Git.init().setInitialBranch("main").setDirectory(ROOT.toFile()).call();
    }

    @AfterEach
    void close() {
        git.close();
    }

    @Test
    void aListingFromTheChangedPathsIsTheListingOfTheWholeTree() throws Exception {
        write("services/a/README.md", "# a\n");
        write("services/a/monitoring/cpu.json", "{}\n");
        write("services/a/owners.yaml", "team: red\n");
        write("services/b/README.md", "# b\n");
        write("services/b/backup.yaml", "daily\n");
        write("services/c/ops", "a file, later a folder\n");
        write("services/d/README.md", "# d, removed with its folder\n");
        write("services/d/monitoring/mem.json", "{}\n");
        ObjectId first = commit("first");

        write("services/a/monitoring/disk.json", "{}\n");
        write("services/a/owners.yaml", "team: blue\n");
        write("services/a/README.md", "# a, changed\n");
        Files.delete(ROOT.resolve("services/b/backup.yaml"));
        Files.delete(ROOT.resolve("services/c/ops"));
        write("services/c/ops/backup.yaml", "weekly\n");
        Fixtures.deleteRecursively(ROOT.resolve("services/d"));
        Files.createSymbolicLink(ROOT.resolve("services/b/README.link"), Path.of("README.md"));
        write("services/e/README.md", "# e, new\n");
        ObjectId second = commit("second");

        try (GitRepositories.Checkout one = checkout(first); GitRepositories.Checkout two = checkout(second);
                GitRepositories.Checkout three = checkout(second)) {
            compare(GitFacts.Listing.of(one), GitFacts.Listing.of(two), three, second);
        }
    }

    private static void compare(GitFacts.Listing before, GitFacts.Listing whole, GitRepositories.Checkout checkout, ObjectId second)
            throws Exception {
        GitFacts.Listing changed = before.changedTo(checkout, GitFacts.Limits.DEFAULT);

        assertThat(changed.commit()).isEqualTo(second.name());
        assertThat(changed.files()).isEqualTo(whole.files());
        assertThat(changed.files()).containsKeys("services/c/ops/backup.yaml", "services/e/README.md")
                .doesNotContainKeys("services/b/backup.yaml", "services/c/ops", "services/d/README.md", "services/b/README.link");
        assertThat(changed.files().get("services/a/owners.yaml")).isNotEqualTo(before.files().get("services/a/owners.yaml"));
        // the earlier listing stays as it was: a dry run may be reading it
        assertThat(before.files()).containsKeys("services/b/backup.yaml", "services/d/README.md");
        for (String folder : List.of("services/a", "services/b", "services/c", "services/d", "services/e", "")) {
            assertThat(GitFacts.read(REPO, changed, folder, NOW).values()).as(folder)
                    .isEqualTo(GitFacts.read(REPO, whole, folder, NOW).values());
        }
        assertThat(GitFacts.read(REPO, changed, "services/a", NOW).values())
                .isEqualTo(JsonMapper.builder().build().readTree("{\"hasReadme\":true,\"hasBackups\":false,\"dashboards\":2,\"team\":\"blue\"}"));
        assertThat(GitFacts.read(REPO, changed, "services/c", NOW).values().path("hasBackups").asBoolean()).isTrue();
    }

    private void write(String path, String content) throws Exception {
        Path file = ROOT.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private ObjectId commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent author = new PersonIdent("Test", "test@example.com");
        return git.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false).call().getId();
    }

    private static GitRepositories.Checkout checkout(ObjectId commit) throws Exception {
        return new GitRepositories.Checkout(new FileRepositoryBuilder().setGitDir(ROOT.resolve(".git").toFile()).build(), commit);
    }
}
