package io.stagehand.catalog.ingest;

import static io.stagehand.catalog.ingest.Fixtures.component;
import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A source whose glob names one root Location file, as in Backstage's own catalogs: what breaks on
 * the way to an entity (the root, a Location in between, the entity's own file) keeps the entity,
 * and a run that would delete most of the source deletes nothing until the operator confirms.
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=rooted",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/broken-location",
        "stagehand.sources[0].glob=catalog-root.yaml",
})
class BrokenLocationTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/broken-location");
    static final String ROOT_LOCATION = """
            apiVersion: backstage.io/v1alpha1
            kind: Location
            metadata:
              name: root
            spec:
              targets: [./services/*/catalog-info.yaml, ./more/all.yaml]
            """;
    static final String MORE_LOCATION = """
            apiVersion: backstage.io/v1alpha1
            kind: Location
            metadata:
              name: more
            spec:
              targets: [./x/catalog-info.yaml, ./y/catalog-info.yaml]
            """;

    @BeforeEach
    void catalogBehindOneRoot() throws IOException {
        Fixtures.deleteRecursively(ROOT);
        Files.createDirectories(ROOT);
        write(ROOT, "catalog-root.yaml", ROOT_LOCATION);
        for (int i = 0; i < 6; i++) {
            write(ROOT, "services/s" + i + "/catalog-info.yaml", component("s" + i, "team-a"));
        }
        write(ROOT, "more/all.yaml", MORE_LOCATION);
        write(ROOT, "more/x/catalog-info.yaml", component("x", "team-a"));
        write(ROOT, "more/y/catalog-info.yaml", component("y", "team-a"));
        RunOutcome first = refresh("rooted");
        assertThat(first.succeeded()).isTrue();
        // two Locations, six services, x and y
        assertThat(first.counts().created()).isEqualTo(10);
    }

    @Test
    void aRootLocationThatNoLongerParsesKeepsEverythingBehindIt() {
        write(ROOT, "catalog-root.yaml", ROOT_LOCATION + "metadata:\n  name: [oops\n");
        RunOutcome broken = refresh("rooted");
        assertThat(broken.succeeded()).isTrue();
        assertThat(broken.counts().deleted()).isZero();
        assertThat(count()).isEqualTo(10);
        assertThat(column("SELECT location FROM problems WHERE severity = 'ERROR'"))
                .singleElement().satisfies(location -> assertThat(location).endsWith("catalog-root.yaml"));
    }

    @Test
    void aRootLocationTruncatedToNothingIsAProblemAndKeepsEverythingBehindIt() {
        write(ROOT, "catalog-root.yaml", "");
        RunOutcome broken = refresh("rooted");
        assertThat(broken.counts().deleted()).isZero();
        assertThat(count()).isEqualTo(10);
        assertThat(column("SELECT message FROM problems WHERE severity = 'ERROR'")).containsExactly("The file is empty; what it held before is kept");
    }

    @Test
    void aBrokenLocationInBetweenKeepsItsSubtreeWhileTheRestOfTheSourceChanges() {
        // twice, so the second broken run skips the unchanged files as remembered
        for (int run = 0; run < 2; run++) {
            write(ROOT, "more/all.yaml", MORE_LOCATION.replace("targets:", "targets: [oops"));
            Fixtures.deleteRecursively(ROOT.resolve("services/s5"));
            RunOutcome outcome = refresh("rooted");
            assertThat(outcome.counts().deleted()).isEqualTo(run == 0 ? 1 : 0);
            assertThat(column("SELECT name FROM entities WHERE kind = 'Component' ORDER BY name"))
                    .containsExactly("s0", "s1", "s2", "s3", "s4", "x", "y");
        }
        // once fixed, what the Location no longer names goes
        write(ROOT, "more/all.yaml", MORE_LOCATION.replace(", ./y/catalog-info.yaml", ""));
        assertThat(refresh("rooted").counts().deleted()).isEqualTo(1);
        assertThat(column("SELECT name FROM entities WHERE name IN ('x', 'y')")).containsExactly("x");
    }

    @Test
    void anEmptiedTargetFileKeepsItsEntity() {
        write(ROOT, "services/s1/catalog-info.yaml", "");
        RunOutcome outcome = refresh("rooted");
        assertThat(outcome.counts().deleted()).isZero();
        assertThat(count()).isEqualTo(10);
        assertThat(column("SELECT location FROM problems WHERE severity = 'ERROR'"))
                .singleElement().satisfies(location -> assertThat(location).endsWith("services/s1/catalog-info.yaml"));
    }

    @Test
    void aRunThatWouldDeleteMostOfTheSourceDeletesNothingUntilConfirmed() throws IOException {
        // the folder replaced by an empty one but for the root: every target is gone, and nothing failed to read
        Fixtures.deleteRecursively(ROOT.resolve("services"));
        Fixtures.deleteRecursively(ROOT.resolve("more"));
        Files.createDirectories(ROOT.resolve("more"));
        write(ROOT, "more/all.yaml", MORE_LOCATION.replace("[./x/catalog-info.yaml, ./y/catalog-info.yaml]", "[]"));
        RunOutcome guarded = refresh("rooted");
        assertThat(guarded.succeeded()).isTrue();
        assertThat(guarded.counts().deleted()).isZero();
        assertThat(count()).isEqualTo(10);
        assertThat(column("SELECT message FROM problems WHERE severity = 'ERROR'")).singleElement()
                .satisfies(message -> assertThat(message)
                        .startsWith("This run would delete 8 of the 10 entities of source \"rooted\"")
                        .contains("refreshSource(name: \"rooted\", confirmDeletions: true)"));

        RunOutcome confirmed = ingest.refresh("rooted", true).block(Duration.ofMinutes(1));
        assertThat(confirmed.counts().deleted()).isEqualTo(8);
        assertThat(column("SELECT name FROM entities ORDER BY name")).containsExactly("more", "root");
        assertThat(column("SELECT message FROM problems WHERE severity = 'ERROR'")).isEmpty();
    }

    @Test
    void aConfirmationDoesNotDeleteWhatARunCouldNotRead() {
        Fixtures.deleteRecursively(ROOT.resolve("services"));
        write(ROOT, "more/all.yaml", "kind: [broken");
        RunOutcome outcome = ingest.refresh("rooted", true).block(Duration.ofMinutes(1));
        // the services are gone, but x and y sit behind the broken Location: the mass deletion is not carried out
        assertThat(outcome.counts().deleted()).isZero();
        assertThat(count()).isEqualTo(10);
        assertThat(column("SELECT message FROM problems WHERE severity = 'ERROR' AND line = 0 AND entity_ref IS NULL ORDER BY 1"))
                .anySatisfy(message -> assertThat(message).contains("could not read every file"));
    }

    @Test
    void theGraphQlMutationConfirmsDeletions() {
        Fixtures.deleteRecursively(ROOT.resolve("services"));
        assertThat(refresh("rooted").counts().deleted()).isZero();
        admin().document("mutation { refreshSource(name: \"rooted\", confirmDeletions: true) { status deleted } }")
                .execute()
                .path("refreshSource.deleted").entity(Integer.class).isEqualTo(6);
        assertThat(count()).isEqualTo(4);
    }

    @Test
    void aProblemIsRecordedOnceAndKeptAsItWasWhileLaterRunsFindItAgain() {
        String missing = "./" + "m".repeat(600) + ".yaml";
        // the root names itself twice (a cycle found on two targets) and a file that does not exist, with a name too long to quote whole
        write(ROOT, "catalog-root.yaml", ROOT_LOCATION.replace("./more/all.yaml]", "./more/all.yaml, ./catalog-root.yaml, ./catalog-*.yaml, " + missing + "]"));
        refresh("rooted");
        List<String> first = column("SELECT id || ' ' || created_at || ' ' || message FROM problems WHERE severity = 'ERROR' ORDER BY id");
        assertThat(first).hasSize(2)
                .anySatisfy(problem -> assertThat(problem).contains("Location cycle: catalog-root.yaml -> catalog-root.yaml"))
                .anySatisfy(problem -> assertThat(problem).contains("more characters)"));

        write(ROOT, "services/s1/catalog-info.yaml", component("s1", "team-b"));
        assertThat(refresh("rooted").counts().updated()).isEqualTo(1);

        assertThat(column("SELECT id || ' ' || created_at || ' ' || message FROM problems WHERE severity = 'ERROR' ORDER BY id"))
                .isEqualTo(first);
        assertThat(column("SELECT DISTINCT run_id FROM problems")).containsExactly(single("SELECT max(id) FROM runs"));
    }

    private long count() {
        return Long.parseLong(single("SELECT count(*) FROM entities"));
    }
}
