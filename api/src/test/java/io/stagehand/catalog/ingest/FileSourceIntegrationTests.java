package io.stagehand.catalog.ingest;

import static io.stagehand.catalog.ingest.Fixtures.component;
import static io.stagehand.catalog.ingest.Fixtures.group;
import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {
        "stagehand.sources[0].name=files",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/file-source/main",
        "stagehand.sources[1].name=other",
        "stagehand.sources[1].type=file",
        "stagehand.sources[1].path=target/it/file-source/other",
        "stagehand.ingest.max-file-bytes=65536",
})
class FileSourceIntegrationTests extends IntegrationTest {

    static final Path MAIN = Path.of("target/it/file-source/main");
    static final Path OTHER = Path.of("target/it/file-source/other");

    @BeforeEach
    void freshFolders() throws IOException {
        Fixtures.deleteRecursively(MAIN);
        Fixtures.deleteRecursively(OTHER);
        Files.createDirectories(MAIN);
        Files.createDirectories(OTHER);
    }

    @Test
    void ingestsAFolderWithRelationsInBothDirections() {
        write(MAIN, "teams/catalog-info.yaml", group("team-a", null));
        write(MAIN, "cart/catalog-info.yaml", component("cart", "team-a", "resource:cart-db"));
        RunOutcome outcome = refresh("files");
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.counts().created()).isEqualTo(2);
        assertThat(column("SELECT source_ref || ' ' || type || ' ' || target_ref FROM relations ORDER BY 1")).containsExactly(
                "component:default/cart dependsOn resource:default/cart-db",
                "component:default/cart ownedBy group:default/team-a",
                "group:default/team-a ownerOf component:default/cart",
                "resource:default/cart-db dependencyOf component:default/cart");
        // the database does not exist in the catalog: the relation is kept and reported
        assertThat(column("SELECT severity || ' ' || message FROM problems"))
                .containsExactly("WARNING Relation dependsOn points to resource:default/cart-db, which is not in the catalog");
        assertThat(single("SELECT status FROM runs WHERE id = " + outcome.runId())).isEqualTo("SUCCEEDED");
    }

    @Test
    void aRunThatSkippedAnUnchangedFileReadsEverythingAgainWhenTheStoreLacksWhatTheFileGave() throws IOException {
        write(MAIN, "a/catalog-info.yaml", component("a", "team-a"));
        write(MAIN, "b/catalog-info.yaml", component("b", "team-a"));
        Fixtures.age(MAIN);
        assertThat(refresh("files").counts().created()).isEqualTo(2);
        RunOutcome unchanged = refresh("files");
        assertThat(unchanged.counts().changed()).isZero();

        // the entity disappears behind the reader's back (another process, a restore): its file is unchanged
        db.sql("DELETE FROM entities WHERE entity_key = 'component:default/b'").then().block();
        RunOutcome repaired = refresh("files");
        assertThat(repaired.succeeded()).isTrue();
        assertThat(repaired.counts().created()).isEqualTo(1);
        assertThat(column("SELECT ref FROM entities ORDER BY 1")).containsExactly("component:default/a", "component:default/b");
        assertThat(column("SELECT count(*) FROM relations WHERE origin_key = 'component:default/b'")).containsExactly("2");

        // or it is changed behind the reader's back
        String hash = single("SELECT content_hash FROM entities WHERE name = 'a'");
        db.sql("UPDATE entities SET content_hash = 'changed elsewhere', descriptor = '{}' WHERE name = 'a'").then().block();
        RunOutcome rewritten = refresh("files");
        assertThat(rewritten.counts().updated()).isEqualTo(1);
        assertThat(single("SELECT content_hash FROM entities WHERE name = 'a'")).isEqualTo(hash);
        assertThat(single("SELECT descriptor -> 'metadata' ->> 'name' FROM entities WHERE name = 'a'")).isEqualTo("a");
    }

    @Test
    void aSecondRunWritesOnlyTheChangedEntity() {
        write(MAIN, "a/catalog-info.yaml", component("a", "team-a"));
        write(MAIN, "b/catalog-info.yaml", component("b", "team-a"));
        refresh("files");
        String bWritten = single("SELECT updated_at FROM entities WHERE name = 'b'");

        write(MAIN, "a/catalog-info.yaml", component("a", "team-b"));
        RunOutcome second = refresh("files");
        assertThat(second.counts().updated()).isEqualTo(1);
        assertThat(second.counts().created()).isZero();
        assertThat(single("SELECT updated_at FROM entities WHERE name = 'b'")).isEqualTo(bWritten);
        assertThat(column("SELECT target_ref FROM relations WHERE source_key = 'component:default/a'")).containsExactly("group:default/team-b");

        RunOutcome third = refresh("files");
        assertThat(third.counts().changed()).isZero();
    }

    @Test
    void anInvalidEntityKeepsItsLastGoodVersionUntilFixed() {
        write(MAIN, "a/catalog-info.yaml", component("a", "team-a"));
        refresh("files");

        write(MAIN, "a/catalog-info.yaml", component("a", "team-a").replace("lifecycle: production", "lifecycle: [oops]"));
        RunOutcome broken = refresh("files");
        assertThat(broken.counts().deleted()).isZero();
        assertThat(single("SELECT lifecycle FROM entities WHERE name = 'a'")).isEqualTo("production");
        assertThat(column("SELECT entity_ref || ' line ' || line || ': ' || message FROM problems WHERE severity = 'ERROR'"))
                .singleElement().satisfies(p -> assertThat(p).startsWith("component:default/a line 1: \"spec.lifecycle\""));

        write(MAIN, "a/catalog-info.yaml", component("a", "team-a").replace("production", "deprecated"));
        refresh("files");
        assertThat(single("SELECT lifecycle FROM entities WHERE name = 'a'")).isEqualTo("deprecated");
        assertThat(column("SELECT message FROM problems WHERE severity = 'ERROR'")).isEmpty();
    }

    @Test
    void aFileThatNoLongerParsesKeepsItsEntitiesAndAFileThatIsGoneLosesThem() {
        write(MAIN, "a/catalog-info.yaml", component("a", "team-a") + "---\n" + component("a2", "team-a"));
        write(MAIN, "b/catalog-info.yaml", component("b", "team-a"));
        refresh("files");

        write(MAIN, "a/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: [unclosed\n");
        Fixtures.deleteRecursively(MAIN.resolve("b"));
        RunOutcome outcome = refresh("files");
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.counts().deleted()).isEqualTo(1);
        assertThat(column("SELECT name FROM entities ORDER BY name")).containsExactly("a", "a2");
        // b's relations went with it, in both directions
        assertThat(column("SELECT count(*) FROM relations WHERE origin_key = 'component:default/b' OR source_key = 'component:default/b'"
                + " OR target_key = 'component:default/b'")).containsExactly("0");
        assertThat(column("SELECT location FROM problems WHERE severity = 'ERROR'")).singleElement()
                .satisfies(location -> assertThat(location).endsWith("a/catalog-info.yaml"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void hostileFilesAreRejectedAndTheRestOfTheSourceIngests() {
        write(MAIN, "laughs/catalog-info.yaml", Fixtures.billionLaughs());
        write(MAIN, "huge/catalog-info.yaml", component("huge", "team-a") + "# " + "x".repeat(70_000) + "\n");
        write(MAIN, "binary/catalog-info.yaml", "\u0000\u0001\u0002");
        // a NUL made by a YAML escape, which PostgreSQL refuses in text and JSON: it failed the whole run
        write(MAIN, "escaped/catalog-info.yaml", component("escaped", "team-a").replace("owner: team-a", "owner: \"team\\0a\""));
        write(MAIN, "good/catalog-info.yaml", component("good", "team-a"));
        RunOutcome outcome = refresh("files");
        assertThat(outcome.succeeded()).isTrue();
        assertThat(column("SELECT name FROM entities")).containsExactly("good");
        assertThat(column("SELECT substring(location from '[a-z]+/catalog-info.yaml$') || ': ' || message FROM problems WHERE severity = 'ERROR' ORDER BY 1"))
                .satisfiesExactly(
                        binary -> assertThat(binary).startsWith("binary/catalog-info.yaml: File contains a NUL"),
                        escaped -> assertThat(escaped).startsWith("escaped/catalog-info.yaml: A key or value contains a NUL"),
                        huge -> assertThat(huge).contains("huge/catalog-info.yaml: File ").contains("over the limit of 65536 bytes"),
                        laughs -> assertThat(laughs).startsWith("laughs/catalog-info.yaml: File expands to more than"));
    }

    @Test
    void aRefClaimedByTwoSourcesStaysWithTheFirstAndTheSecondRecordsTheConflict() {
        write(MAIN, "catalog-info.yaml", component("shared", "team-a"));
        write(OTHER, "catalog-info.yaml", component("Shared", "team-b"));
        refresh("files");
        RunOutcome other = refresh("other");
        assertThat(other.counts().created()).isZero();
        assertThat(single("SELECT source FROM entities WHERE entity_key = 'component:default/shared'")).isEqualTo("files");
        assertThat(column("SELECT source || ' ' || location || ' ' || message FROM problems WHERE severity = 'ERROR'"))
                .singleElement().satisfies(p -> assertThat(p).startsWith("other file:").contains("already provided by source \"files\""));
    }

    @Test
    void eachRelationToAMissingEntityIsReportedOnceForItsOwnSource() {
        write(MAIN, "a/catalog-info.yaml", component("a", "team-x", "resource:db"));
        write(MAIN, "b/catalog-info.yaml", component("b", "team-x", "component:a"));
        write(OTHER, "catalog-info.yaml", component("c", "team-y", "resource:db"));
        refresh("files");
        refresh("other");
        assertThat(column("SELECT source || ' ' || entity_ref || ': ' || message FROM problems WHERE severity = 'WARNING' ORDER BY 1"))
                .containsExactly(
                        "files component:default/a: Relation dependsOn points to resource:default/db, which is not in the catalog",
                        "files component:default/a: Relation ownedBy points to group:default/team-x, which is not in the catalog",
                        "files component:default/b: Relation ownedBy points to group:default/team-x, which is not in the catalog",
                        "other component:default/c: Relation dependsOn points to resource:default/db, which is not in the catalog",
                        "other component:default/c: Relation ownedBy points to group:default/team-y, which is not in the catalog");

        write(MAIN, "team/catalog-info.yaml", group("team-x", null));
        refresh("files");
        assertThat(column("SELECT entity_ref || ': ' || message FROM problems WHERE source = 'files' ORDER BY 1"))
                .containsExactly("component:default/a: Relation dependsOn points to resource:default/db, which is not in the catalog");
    }

    @Test
    void anEntityThatVanishedIsDeletedWhenAnotherSourcesRefTakesItsPlace() {
        write(MAIN, "catalog-info.yaml", component("shared", "team-a"));
        write(OTHER, "kept/catalog-info.yaml", component("kept", "team-b"));
        write(OTHER, "gone/catalog-info.yaml", component("gone", "team-b"));
        refresh("files");
        assertThat(refresh("other").counts().created()).isEqualTo(2);

        // as many entities emitted as the source holds, but one is another source's: "gone" must still go
        Fixtures.deleteRecursively(OTHER.resolve("gone"));
        write(OTHER, "shared/catalog-info.yaml", component("shared", "team-b"));
        RunOutcome outcome = refresh("other");
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.counts().deleted()).isEqualTo(1);
        assertThat(column("SELECT source || ' ' || name FROM entities ORDER BY 1")).containsExactly("files shared", "other kept");
    }

    @Test
    void healthAndMetricsShowEachSourcesRuns() {
        write(MAIN, "catalog-info.yaml", component("a", "team-a"));
        refresh("files");
        Fixtures.deleteRecursively(MAIN);
        refresh("files");
        http.get().uri("/actuator/health").header("Authorization", "Bearer " + TOKEN).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.sources.details.files.lastRun").isEqualTo("FAILED")
                .jsonPath("$.components.sources.details.files.lastSuccessAt").value(v -> assertThat(v).asString().isNotEqualTo("never"))
                .jsonPath("$.components.sources.details.other.lastRun").isEqualTo("never");
        http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body)
                        .contains("stagehand_ingest_runs_seconds_count{outcome=\"failed\",source=\"files\"}")
                        .contains("stagehand_ingest_entities_total{change=\"created\",source=\"files\"}"));
    }

    @Test
    void aMissingFolderFailsTheRunAndDeletesNothing() throws IOException {
        write(MAIN, "catalog-info.yaml", component("a", "team-a"));
        refresh("files");
        Fixtures.deleteRecursively(MAIN);
        RunOutcome outcome = refresh("files");
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("files");
        assertThat(column("SELECT name FROM entities")).containsExactly("a");
        assertThat(single("SELECT status FROM runs WHERE id = " + outcome.runId())).isEqualTo("FAILED");
    }
}
