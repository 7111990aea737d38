package io.stagehand.catalog.ingest;

import static io.stagehand.catalog.ingest.Fixtures.component;
import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RepositoryCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A git source over a real bare repository on disk, reached through a file:// URL. */
class GitSourceIntegrationTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/git-source").toAbsolutePath();
    static final Path REMOTE = ROOT.resolve("remote.git");
    static final Path WORK = ROOT.resolve("work");

    private Git work;

    @DynamicPropertySource
    static void gitSource(DynamicPropertyRegistry registry) {
        registry.add("stagehand.sources[0].name", () -> "repo");
        registry.add("stagehand.sources[0].type", () -> "git");
        registry.add("stagehand.sources[0].url", () -> REMOTE.toUri().toString());
        registry.add("stagehand.sources[0].branch", () -> "main");
        registry.add("stagehand.git-cache", () -> ROOT.resolve("cache").toString());
    }

    @BeforeEach
    void freshRepositories() throws Exception {
        Fixtures.deleteRecursively(ROOT);
        Git.init().setBare(true).setInitialBranch("main").setDirectory(REMOTE.toFile()).call().close();
        work = Git.cloneRepository().setURI(REMOTE.toUri().toString()).setDirectory(WORK.toFile()).call();
        work.checkout().setOrphan(true).setName("main").call();
    }

    @AfterEach
    void close() {
        work.close();
    }

    private void commitAndPush(String message) throws Exception {
        work.add().addFilepattern(".").call();
        work.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent author = new PersonIdent("Test", "test@example.com");
        work.commit().setMessage(message).setAuthor(author).setCommitter(author).call();
        work.push().setRemote("origin").add("main").call();
    }

    @Test
    void followsTheBranchIncrementally() throws Exception {
        write(WORK, "catalog-info.yaml", component("cart", "team-a"));
        write(WORK, "services/pay/catalog-info.yaml", component("pay", "team-a", "component:cart"));
        write(WORK, "services/ship/catalog-info.yaml", component("ship", "team-b"));
        commitAndPush("first");

        RunOutcome first = refresh("repo");
        assertThat(first.succeeded()).isTrue();
        assertThat(first.counts().created()).isEqualTo(3);
        String commit = work.getRepository().resolve("HEAD").name();
        assertThat(single("SELECT commit_id FROM runs WHERE id = " + first.runId())).isEqualTo(commit);
        assertThat(single("SELECT location FROM entities WHERE name = 'pay'"))
                .isEqualTo("url:" + REMOTE.toUri().toString().replaceAll("\\.git/?$", "") + "/blob/main/services/pay/catalog-info.yaml");
        String shipWritten = single("SELECT updated_at FROM entities WHERE name = 'ship'");

        // change one entity: only it is rewritten
        write(WORK, "services/pay/catalog-info.yaml", component("pay", "team-b", "component:cart"));
        commitAndPush("pay moves to team-b");
        RunOutcome second = refresh("repo");
        assertThat(second.counts().updated()).isEqualTo(1);
        assertThat(second.counts().created() + second.counts().deleted()).isZero();
        assertThat(single("SELECT updated_at FROM entities WHERE name = 'ship'")).isEqualTo(shipWritten);

        // delete a file: its entity goes
        Files.delete(WORK.resolve("services/ship/catalog-info.yaml"));
        commitAndPush("ship retired");
        RunOutcome third = refresh("repo");
        assertThat(third.counts().deleted()).isEqualTo(1);
        assertThat(column("SELECT name FROM entities ORDER BY name")).containsExactly("cart", "pay");

        // break a file: its entity stays and the error is recorded with its line
        write(WORK, "services/pay/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [pay\n");
        commitAndPush("broken");
        RunOutcome fourth = refresh("repo");
        assertThat(fourth.succeeded()).isTrue();
        assertThat(column("SELECT name FROM entities ORDER BY name")).containsExactly("cart", "pay");
        assertThat(column("SELECT location || ':' || line FROM problems WHERE severity = 'ERROR'")).singleElement()
                .satisfies(p -> assertThat(p).contains("/blob/main/services/pay/catalog-info.yaml:").doesNotEndWith(":0"));
    }

    @Test
    void anUnreachableRemoteFailsTheRunAndDeletesNothing() throws Exception {
        write(WORK, "catalog-info.yaml", component("cart", "team-a"));
        commitAndPush("first");
        refresh("repo");

        Files.move(REMOTE, ROOT.resolve("moved.git"));
        // JGit caches repositories it opened through file:// URLs; forget them, as a restart would.
        RepositoryCache.clear();
        RunOutcome outcome = refresh("repo");
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("repo").contains(REMOTE.toUri().toString());
        assertThat(column("SELECT name FROM entities")).containsExactly("cart");
        assertThat(column("SELECT status FROM runs ORDER BY id")).containsExactly("SUCCEEDED", "FAILED");
        assertThat(column("SELECT message FROM problems WHERE severity = 'ERROR'")).singleElement()
                .satisfies(m -> assertThat(m).startsWith("Could not read source \"repo\""));
    }

    @Test
    void aMissingBranchFailsClearly() throws Exception {
        write(WORK, "catalog-info.yaml", component("cart", "team-a"));
        work.add().addFilepattern(".").call();
        work.commit().setMessage("local only").setAuthor(new PersonIdent("T", "t@example.com")).call();
        RunOutcome outcome = refresh("repo");
        assertThat(outcome.succeeded()).isFalse();
        // the configured URL ends in a slash only if the folder existed when it was configured
        assertThat(outcome.message()).contains("Could not fetch " + REMOTE.toUri().toString().replaceAll("/$", ""))
                .contains("does not have refs/heads/main");
    }
}
