package io.stagehand.catalog.ingest;

import static io.stagehand.catalog.ingest.Fixtures.component;
import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stagehand.IntegrationTest;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.catalog.store.CatalogWriter;
import io.stagehand.catalog.store.OrphanedSources;
import io.stagehand.catalog.store.RunRecords;
import io.stagehand.model.YamlLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;

/**
 * Entities of a source that is no longer configured (renamed or removed): taken over by the
 * configured source that emits them, kept for the grace period and then deleted, or deleted at
 * once by the operator. Such entities are written here as the old source's runs wrote them.
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=renamed",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/orphans/shared",
        "stagehand.sources[0].glob=**/catalog-info.yaml",
        "stagehand.ingest.orphan-grace-period=PT1H",
})
class OrphanedSourceTests extends IntegrationTest {

    static final Path SHARED = Path.of("target/it/orphans/shared");
    static final Path GONE = Path.of("target/it/orphans/gone");

    @Autowired
    CatalogProperties properties;

    @Autowired
    CatalogWriter writer;

    @Autowired
    RunRecords records;

    @Autowired
    OrphanedSources orphans;

    @BeforeEach
    void folders() throws IOException {
        Fixtures.deleteRecursively(Path.of("target/it/orphans"));
        Files.createDirectories(SHARED);
        Files.createDirectories(GONE);
        for (int i = 0; i < 4; i++) {
            write(SHARED, "s" + i + "/catalog-info.yaml", component("s" + i, "team-a"));
        }
        for (int i = 0; i < 3; i++) {
            write(GONE, "g" + i + "/catalog-info.yaml", component("g" + i, "team-b", "component:default/s0"));
        }
        write(GONE, "broken/catalog-info.yaml", "kind: Component\nmetadata: {name: broken}\n");
    }

    /** Runs a file source of this name over the folder, as a configuration that named it did before. */
    private void ingestAsFormerSource(String name, Path folder) {
        CatalogReader reader = new CatalogReader(YamlLimits.DEFAULTS, 1000);
        CatalogSources former = TestSources.of(properties);
        former.add(new CatalogSource(name, CatalogSource.Type.FILE, folder.toString(), "**/catalog-info.yaml", Duration.ofHours(1),
                skipUnchanged -> Flux.defer(() -> {
                    try (FileTree tree = new FileTree(folder)) {
                        return Flux.just(reader.read(tree, "**/catalog-info.yaml"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })));
        RunOutcome outcome = new IngestService(former, writer, records, new SimpleMeterRegistry()).refresh(name).block(Duration.ofMinutes(1));
        assertThat(outcome.succeeded()).isTrue();
    }

    private long count(String source) {
        return Long.parseLong(single("SELECT count(*) FROM entities WHERE source = '" + source + "'"));
    }

    @Test
    void aRenamedSourceTakesOverTheEntitiesOfItsFormerName() {
        ingestAsFormerSource("original", SHARED);
        assertThat(count("original")).isEqualTo(4);
        assertThat(orphans.sweep().block()).isZero();
        assertThat(orphans.list().block()).singleElement().satisfies(o -> {
            assertThat(o.source()).isEqualTo("original");
            assertThat(o.entities()).isEqualTo(4);
            assertThat(Duration.between(o.since(), o.removeAt())).isEqualTo(Duration.ofHours(1));
        });

        RunOutcome run = refresh("renamed");

        assertThat(run.succeeded()).isTrue();
        assertThat(run.counts().updated()).isEqualTo(4);
        assertThat(column("SELECT message FROM problems WHERE severity = 'ERROR'")).isEmpty();
        assertThat(count("renamed")).isEqualTo(4);
        assertThat(count("original")).isZero();
        assertThat(column("SELECT source || ' ' || type FROM entity_changes WHERE seq > 4 ORDER BY seq"))
                .containsExactly("renamed UPDATED", "renamed UPDATED", "renamed UPDATED", "renamed UPDATED");
        // the former name holds nothing any more: no longer listed
        orphans.sweep().block();
        assertThat(orphans.list().block()).isEmpty();

        // and edits are no longer ignored
        write(SHARED, "s1/catalog-info.yaml", component("s1", "team-z"));
        assertThat(refresh("renamed").counts().updated()).isEqualTo(1);
        assertThat(single("SELECT descriptor->'spec'->>'owner' FROM entities WHERE entity_key = 'component:default/s1'")).isEqualTo("team-z");
    }

    @Test
    void theEntitiesOfARemovedSourceStayForTheGracePeriodAndThenGo() {
        ingestAsFormerSource("removed", GONE);
        assertThat(count("removed")).isEqualTo(3);
        assertThat(column("SELECT source FROM problems")).containsOnly("removed").isNotEmpty();

        // read before the sweep: what the API remembered must not outlive it
        graphQl.document("{ entity(ref: \"component:default/g0\") { orphan } }").execute().path("entity.orphan").entity(Boolean.class)
                .isEqualTo(false);
        assertThat(orphans.sweep().block()).isZero();
        assertThat(count("removed")).isEqualTo(3);
        // Backstage's orphans: the entity is kept only because its source went
        graphQl.document("{ entity(ref: \"component:default/g0\") { orphan } }").execute().path("entity.orphan").entity(Boolean.class)
                .isEqualTo(true);
        http.get().uri("/api/catalog/entities/by-name/component/default/g0").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.metadata.annotations['backstage.io/orphan']").isEqualTo("true");

        db.sql("UPDATE orphaned_sources SET since = now() - interval '61 minutes'").then().block();
        assertThat(orphans.sweep().block()).isEqualTo(3);

        assertThat(count("removed")).isZero();
        assertThat(column("SELECT count(*) FROM relations")).containsExactly("0");
        assertThat(column("SELECT count(*) FROM problems WHERE source = 'removed'")).containsExactly("0");
        assertThat(column("SELECT type FROM entity_changes WHERE source = 'removed' ORDER BY seq"))
                .containsExactly("CREATED", "CREATED", "CREATED", "DELETED", "DELETED", "DELETED");
        assertThat(orphans.list().block()).isEmpty();
    }

    @Test
    void theOperatorRemovesAnOrphanedSourceAtOnceButNeverAConfiguredOne() {
        ingestAsFormerSource("removed", GONE);
        refresh("renamed");
        orphans.sweep().block();

        graphQl.document("{ orphanedSources { name entityCount since removeAt } }").execute()
                .path("orphanedSources[*].name").entityList(String.class).containsExactly("removed")
                .path("orphanedSources[0].entityCount").entity(Integer.class).isEqualTo(3);

        admin().document("mutation { refreshEntity(ref: \"component:default/g1\") { id } }").execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(error -> {
                    assertThat(error.getErrorType()).isEqualTo(ErrorType.NOT_FOUND);
                    assertThat(error.getMessage()).contains("\"removed\", which is no longer configured");
                }));
        admin().document("mutation { removeOrphanedSource(name: \"renamed\") }").execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(error -> assertThat(error.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST)));
        admin().document("mutation { removeOrphanedSource(name: \"never-was\") }").execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(error -> assertThat(error.getErrorType()).isEqualTo(ErrorType.NOT_FOUND)));
        assertThat(count("renamed")).isEqualTo(4);

        admin().document("mutation { removeOrphanedSource(name: \"removed\") }").execute()
                .path("removeOrphanedSource").entity(Integer.class).isEqualTo(3);
        assertThat(count("removed")).isZero();
        assertThat(count("renamed")).isEqualTo(4);
        graphQl.document("{ orphanedSources { name } }").execute()
                .path("orphanedSources").entityList(Object.class).hasSize(0);
    }
}
