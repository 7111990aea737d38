package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stagehand.IntegrationTest;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.catalog.store.CatalogWriter;
import io.stagehand.catalog.store.RunRecords;
import io.stagehand.model.EntityRef;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.ReadResult;
import io.stagehand.model.Relation;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs of sources of the tests' own making: written while read, undone when the read fails, and not kept afterwards. */
class IngestRunTests extends IntegrationTest {

    @Autowired
    CatalogProperties properties;

    @Autowired
    CatalogWriter writer;

    @Autowired
    RunRecords records;

    private static IngestedEntity component(String name, String description) {
        String json = "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"default\",\"description\":\"" + description + "\"},\"spec\":{}}";
        return new IngestedEntity(EntityRef.parse("component:default/" + name), json, "memory:" + name + ".yaml", 1,
                name + "/" + description, List.of());
    }

    private static ReadResult part(IngestedEntity... entities) {
        return new ReadResult(List.of(entities), List.of(), Set.of(), Set.of(), entities.length, null);
    }

    @Test
    void aSourceThatFailsAfterSomePartsWereWrittenLeavesTheCatalogAsItWas() {
        List<Flux<ReadResult>> runs = new java.util.ArrayList<>(List.of(
                Flux.just(part(component("a", "first"), component("b", "first"))),
                Flux.concat(Flux.just(part(component("a", "second"), component("c", "second"))),
                        Flux.error(new java.io.UncheckedIOException("the disk went away", new java.io.IOException())))));
        CatalogSources sources = TestSources.of(properties);
        sources.add(new CatalogSource("parts", CatalogSource.Type.FILE, "memory", null, Duration.ofHours(1), skipUnchanged -> runs.remove(0)));
        IngestService service = new IngestService(sources, writer, records, new SimpleMeterRegistry());

        assertThat(service.refresh("parts").block(Duration.ofMinutes(1)).succeeded()).isTrue();
        RunOutcome failed = service.refresh("parts").block(Duration.ofMinutes(1));

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.message()).contains("the disk went away");
        assertThat(column("SELECT entity_key || ' ' || (descriptor->'metadata'->>'description') FROM entities ORDER BY 1"))
                .containsExactly("component:default/a first", "component:default/b first");
        assertThat(single("SELECT status FROM runs WHERE id = " + failed.runId())).isEqualTo("FAILED");
    }

    @Test
    void theFirstRunTakesWhatWasReadAheadAndTheReadWaitsForIt() {
        java.util.concurrent.atomic.AtomicInteger produced = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        CatalogSources sources = TestSources.of(properties);
        sources.add(new CatalogSource("ahead", CatalogSource.Type.FILE, "memory", null, Duration.ofHours(1), skipUnchanged -> {
            reads.incrementAndGet();
            return Flux.range(0, 40).map(i -> part(component("ahead-" + i, "read"))).doOnNext(p -> produced.incrementAndGet());
        }));
        IngestService service = new IngestService(sources, writer, records, new SimpleMeterRegistry());

        service.readAhead("ahead");
        assertThat(produced.get()).as("parts read before the run, at most a bounded number").isPositive().isLessThan(40);
        RunOutcome run = service.refresh("ahead").block(Duration.ofMinutes(1));

        assertThat(run.succeeded()).isTrue();
        assertThat(run.counts().created()).isEqualTo(40);
        assertThat(reads.get()).as("the run read nothing again").isEqualTo(1);
        service.refresh("ahead").block(Duration.ofMinutes(1));
        assertThat(reads.get()).as("a later run reads anew").isEqualTo(2);
    }

    @Test
    void aReadAheadThatFailedFailsTheRunThatTakesIt() {
        CatalogSources sources = TestSources.of(properties);
        sources.add(new CatalogSource("gone", CatalogSource.Type.FILE, "memory", null, Duration.ofHours(1),
                skipUnchanged -> Flux.error(new java.io.UncheckedIOException("no such folder", new java.io.IOException()))));
        IngestService service = new IngestService(sources, writer, records, new SimpleMeterRegistry());

        service.readAhead("gone");
        RunOutcome run = service.refresh("gone").block(Duration.ofMinutes(1));

        assertThat(run.succeeded()).isFalse();
        assertThat(run.message()).contains("no such folder");
    }

    @Test
    void aFinishedRunKeepsNothingOfWhatItRead() throws InterruptedException {
        WeakReference<?>[] read = new WeakReference<?>[1];
        CatalogSources sources = TestSources.of(properties);
        sources.add(new CatalogSource("held", CatalogSource.Type.FILE, "memory", null, Duration.ofHours(1), skipUnchanged -> Mono.fromCallable(() -> {
            IngestedEntity entity = new IngestedEntity(EntityRef.parse("component:default/held"), "{\"kind\":\"Component\"}",
                    "memory:held.yaml", 1, "hash", List.of());
            ReadResult result = new ReadResult(List.of(entity), List.of(), Set.of(), Set.of(), 1, null);
            read[0] = new WeakReference<>(result);
            return result;
        }).flux()));
        IngestService service = new IngestService(sources, writer, records, new SimpleMeterRegistry());

        // the schedule holds the run it subscribed to until the next tick, which may be hours away
        Mono<RunOutcome> firstRun = service.completedRuns().next().cache();
        firstRun.subscribe();
        Disposable schedule = IngestScheduler.schedule(service, sources.find("held").orElseThrow());
        assertThat(firstRun.block(Duration.ofMinutes(1)).succeeded()).isTrue();

        for (int i = 0; i < 50 && read[0].get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(read[0].get()).as("the run's read result, reachable from the finished run").isNull();
        assertThat(schedule.isDisposed()).isFalse();
        schedule.dispose();
    }

    @Test
    void runningOnceGivesStatusOneWhenAnySourceFailed() {
        CatalogSources sources = TestSources.of(properties);
        sources.add(new CatalogSource("good", CatalogSource.Type.FILE, "memory", null, Duration.ofHours(1),
                skipUnchanged -> Flux.just(part(component("once", "read")))));
        sources.add(new CatalogSource("broken", CatalogSource.Type.FILE, "memory", null, Duration.ofHours(1),
                skipUnchanged -> Flux.error(new java.io.UncheckedIOException("the disk went away", new java.io.IOException()))));
        IngestService service = new IngestService(sources, writer, records, new SimpleMeterRegistry());

        assertThat(IngestScheduler.runOnce(service, List.of(sources.find("good").orElseThrow())).block(Duration.ofMinutes(1)))
                .isZero();
        assertThat(IngestScheduler.runOnce(service, sources.all()).block(Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(column("SELECT source || ' ' || status FROM runs ORDER BY id"))
                .containsExactlyInAnyOrder("good SUCCEEDED", "good SUCCEEDED", "broken FAILED");
    }

    @Test
    void relationsKeepEveryCharacterOfTheirRefs() {
        // written with COPY in binary form, where each value goes as its length in bytes and its UTF-8
        EntityRef origin = EntityRef.parse("component:default/chars");
        List<Relation> relations = List.of(
                new Relation(origin, "ownedBy", EntityRef.parse("group:équipe/zürich-日本")),
                new Relation(origin, "dependsOn", EntityRef.parse("resource:default/" + "long".repeat(300))),
                new Relation(EntityRef.parse("group:équipe/zürich-日本"), "ownerOf", origin));
        IngestedEntity entity = new IngestedEntity(origin, "{\"kind\":\"Component\"}", "memory:chars.yaml", 1, "hash", relations);
        CatalogSources sources = TestSources.of(properties);
        sources.add(new CatalogSource("chars", CatalogSource.Type.FILE, "memory", null, Duration.ofHours(1),
                skipUnchanged -> Flux.just(part(entity))));
        IngestService service = new IngestService(sources, writer, records, new SimpleMeterRegistry());

        assertThat(service.refresh("chars").block(Duration.ofMinutes(1)).succeeded()).isTrue();

        assertThat(column("SELECT origin_key || ' ' || source_ref || ' ' || type || ' ' || target_ref FROM relations ORDER BY type"))
                .containsExactly(
                        "component:default/chars component:default/chars dependsOn resource:default/" + "long".repeat(300),
                        "component:default/chars component:default/chars ownedBy group:équipe/zürich-日本",
                        "component:default/chars group:équipe/zürich-日本 ownerOf component:default/chars");
    }

    @Test
    void relationsCopiedByARunThatFailsAreRolledBack() {
        // COPY goes through the driver's own connection: it must be the run's, in its transaction
        EntityRef origin = EntityRef.parse("component:default/copied");
        IngestedEntity entity = new IngestedEntity(origin, "{\"kind\":\"Component\"}", "memory:copied.yaml", 1, "hash",
                List.of(new Relation(origin, "ownedBy", EntityRef.parse("group:default/team-a"))));
        CatalogSources sources = TestSources.of(properties);
        // the failure comes once the part has had time to be written
        sources.add(new CatalogSource("copied", CatalogSource.Type.FILE, "memory", null, Duration.ofHours(1), skipUnchanged -> Flux.concat(
                Flux.just(part(entity)), Mono.delay(Duration.ofMillis(500)).then(
                        Mono.error(new java.io.UncheckedIOException("the disk went away", new java.io.IOException()))))));
        IngestService service = new IngestService(sources, writer, records, new SimpleMeterRegistry());

        assertThat(service.refresh("copied").block(Duration.ofMinutes(1)).succeeded()).isFalse();

        assertThat(column("SELECT count(*) FROM relations")).containsExactly("0");
        assertThat(column("SELECT count(*) FROM entities")).containsExactly("0");
    }
}
