package io.stagehand.scorecard.facts;

import static io.stagehand.catalog.ingest.Fixtures.component;
import static io.stagehand.catalog.ingest.Fixtures.group;
import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.catalog.ingest.GitRepositories;
import io.stagehand.scorecard.evaluation.ScorecardService;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Git facts of the built-in scorecard read from the clone of the git source the entities came from,
 * each entity's folder on its own, and which entities a new commit touches.
 */
class GitFactsFromSourceTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/git-facts").toAbsolutePath();
    static final Path REMOTE = ROOT.resolve("remote.git");
    static final Path WORK = ROOT.resolve("work");

    @Autowired
    ScorecardService service;

    @Autowired
    GitRepositories repositories;

    private Git work;

    @DynamicPropertySource
    static void gitSource(DynamicPropertyRegistry registry) {
        registry.add("stagehand.sources[0].name", () -> "mono");
        registry.add("stagehand.sources[0].type", () -> "git");
        registry.add("stagehand.sources[0].url", () -> REMOTE.toUri().toString());
        registry.add("stagehand.sources[0].branch", () -> "main");
        registry.add("stagehand.git-cache", () -> ROOT.resolve("cache").toString());
    }

    @BeforeEach
    void monorepo() throws Exception {
        Fixtures.deleteRecursively(ROOT);
        Git.init().setBare(true).setInitialBranch("main").setDirectory(REMOTE.toFile()).call().close();
        work = Git.cloneRepository().setURI(REMOTE.toUri().toString()).setDirectory(WORK.toFile()).call();
        work.checkout().setOrphan(true).setName("main").call();
        write(WORK, "teams/catalog-info.yaml", group("team-a", null));
        write(WORK, "services/cart/catalog-info.yaml", component("cart", "team-a"));
        write(WORK, "services/cart/mkdocs.yml", "site_name: cart\n");
        write(WORK, "services/cart/monitoring/board.json", "{}\n");
        write(WORK, "services/till/catalog-info.yaml", component("till", "team-a"));
        commitAndPush("services");
    }

    @AfterEach
    void close() {
        work.close();
    }

    private String commitAndPush(String message) throws Exception {
        work.add().addFilepattern(".").call();
        PersonIdent author = new PersonIdent("Test", "test@example.com");
        String id = work.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false).call().getName();
        work.push().setRemote("origin").add("main").call();
        return id;
    }

    @Test
    void eachEntityReadsItsOwnFolderOfTheSourcesClone() throws Exception {
        assertThat(refresh("mono").succeeded()).isTrue();
        String first = repositories.commitOf("mono");
        service.evaluateAll().block();
        assertThat(state("component:cart", "has-techdocs")).isEqualTo("PASS");
        assertThat(state("component:cart", "has-monitoring")).isEqualTo("PASS");
        assertThat(state("component:till", "has-techdocs")).isEqualTo("FAIL");
        // no CI source is defined: the critical check cannot be told, and does not count
        assertThat(state("component:till", "ci-passing")).isEqualTo("UNKNOWN");

        write(WORK, "services/till/docs/index.md", "# till\n");
        String second = commitAndPush("docs for till");
        assertThat(refresh("mono").succeeded()).isTrue();
        assertThat(repositories.commitOf("mono")).isEqualTo(second);
        assertThat(repositories.changedPaths("mono", first, second)).contains(java.util.Set.of("services/till/docs/index.md"));
        service.evaluate(List.of("component:default/till")).block();
        assertThat(state("component:till", "has-techdocs")).isEqualTo("PASS");
        // stored facts follow the files; those that did not change keep the time they were stored
        String cartStored = single("SELECT CAST(attempted_at AS text) FROM scorecard_facts WHERE entity_key = 'component:default/cart'");
        service.evaluateAll().block();
        assertThat(single("SELECT vals ->> 'hasTechdocs' FROM scorecard_facts WHERE entity_key = 'component:default/till'")).isEqualTo("true");
        assertThat(single("SELECT CAST(attempted_at AS text) FROM scorecard_facts WHERE entity_key = 'component:default/cart'"))
                .isEqualTo(cartStored);
    }

    private String state(String ref, String check) {
        return graphQl.document("{ entity(ref: \"" + ref + "\") { scorecards(name: \"production-readiness\") { results { checkId state } } } }")
                .execute()
                .path("entity.scorecards[0].results[?(@.checkId == '" + check + "')].state").entityList(String.class).get().get(0);
    }
}
