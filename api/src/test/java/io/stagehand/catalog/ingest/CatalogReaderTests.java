package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.model.IngestedEntity;
import io.stagehand.model.Problem;
import io.stagehand.model.ReadResult;
import io.stagehand.model.YamlLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTests {

    @TempDir
    Path root;

    private final CatalogReader reader = new CatalogReader(YamlLimits.DEFAULTS, 1000);

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private ReadResult read(String glob) throws IOException {
        try (FileTree tree = new FileTree(root)) {
            return reader.read(tree, glob);
        }
    }

    private static String component(String name) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: " + name
                + "}\nspec: {type: service, lifecycle: production, owner: team-a}\n";
    }

    private static String location(String name, String spec) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: " + name + "}\nspec: " + spec + "\n";
    }

    private static List<String> refs(ReadResult result) {
        return result.entities().stream().map(e -> e.entity().ref().toString()).sorted().toList();
    }

    @Test
    void readsEveryFileMatchingTheGlobIncludingTheRootFolder() throws IOException {
        write("catalog-info.yaml", component("root"));
        write("services/a/catalog-info.yaml", component("a"));
        write("services/a/other.yaml", component("ignored"));
        ReadResult result = read("**/catalog-info.yaml");
        assertThat(refs(result)).containsExactly("component:default/a", "component:default/root");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void followsLocationTargetsRelativeToTheirFileIncludingGlobs() throws IOException {
        write("catalog-info.yaml", location("root", "{targets: [./teams/all.yaml, ./services/*.yaml]}"));
        write("teams/all.yaml", location("teams", "{target: ../shared/team.yaml}"));
        write("shared/team.yaml", component("shared"));
        write("services/a.yaml", component("a"));
        write("services/b.yaml", component("b"));
        ReadResult result = read("catalog-info.yaml");
        assertThat(refs(result)).containsExactly("component:default/a", "component:default/b", "component:default/shared",
                "location:default/root", "location:default/teams");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void annotatesWhereEachEntityCameFrom() throws IOException {
        write("catalog-info.yaml", location("root", "{target: ./a.yaml}"));
        write("a.yaml", component("a"));
        ReadResult result = read("catalog-info.yaml");
        IngestedEntity a = result.entities().stream().filter(e -> e.entity().ref().name().equals("a")).findFirst().orElseThrow();
        var annotations = a.entity().metadata().path("annotations");
        assertThat(annotations.path(Documents.MANAGED_BY_LOCATION).asString()).isEqualTo("file:" + root.resolve("a.yaml"));
        assertThat(annotations.path(Documents.MANAGED_BY_ORIGIN_LOCATION).asString()).isEqualTo("file:" + root.resolve("catalog-info.yaml"));
        assertThat(a.entity().metadata().path("namespace").asString()).isEqualTo("default");
    }

    @Test
    void aMissingRequiredTargetIsAnErrorOnTheLocationAndAnOptionalOneIsNot() throws IOException {
        write("catalog-info.yaml", location("root", "{targets: [./missing.yaml]}"));
        write("optional.yaml", location("opt", "{targets: [./also-missing.yaml], presence: optional}"));
        ReadResult required = read("catalog-info.yaml");
        assertThat(required.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("file:" + root.resolve("catalog-info.yaml"));
            assertThat(p.message()).contains("missing.yaml does not exist");
        });
        assertThat(required.failedLocations()).contains("file:" + root.resolve("missing.yaml"));
        assertThat(read("optional.yaml").problems()).isEmpty();
    }

    @Test
    void detectsLocationCycles() throws IOException {
        write("a.yaml", location("a", "{target: ./b.yaml}"));
        write("b.yaml", location("b", "{target: ./a.yaml}"));
        ReadResult result = read("a.yaml");
        assertThat(refs(result)).containsExactly("location:default/a", "location:default/b");
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("Location cycle: a.yaml -> b.yaml -> a.yaml"));
    }

    @Test
    void refusesTargetsThatLeaveTheSource() throws IOException {
        write("catalog-info.yaml", location("root", "{targets: [../../etc/passwd, 'https://example.com/x.yaml']}"));
        ReadResult result = read("catalog-info.yaml");
        assertThat(result.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("outside the source's root"))
                .anySatisfy(m -> assertThat(m).contains("only targets relative to the file are followed"));
    }

    @Test
    void keepsTheFirstOfTwoDefinitionsOfOneRefCaseInsensitively() throws IOException {
        write("a/catalog-info.yaml", component("cart"));
        write("b/catalog-info.yaml", component("Cart"));
        ReadResult result = read("**/catalog-info.yaml");
        assertThat(refs(result)).containsExactly("component:default/cart");
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).endsWith("b/catalog-info.yaml");
            assertThat(p.message()).contains("also defined in");
        });
    }

    @Test
    void aBrokenFileMarksItsLocationFailedAndTheRestStillReads() throws IOException {
        write("good/catalog-info.yaml", component("good"));
        write("bad/catalog-info.yaml", "kind: Component\nmetadata: [unclosed\n");
        ReadResult result = read("**/catalog-info.yaml");
        assertThat(refs(result)).containsExactly("component:default/good");
        String bad = "file:" + root.resolve("bad/catalog-info.yaml");
        assertThat(result.failedLocations()).containsExactly(bad);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(bad);
            assertThat(p.line()).isPositive();
        });
    }

    @Test
    void anInvalidEntityIsRejectedByRefWithItsLine() throws IOException {
        write("catalog-info.yaml", component("good") + "---\n" + component("bad").replace("owner: team-a", "owner: ''"));
        ReadResult result = read("catalog-info.yaml");
        assertThat(refs(result)).containsExactly("component:default/good");
        assertThat(result.rejectedKeys()).containsExactly("component:default/bad");
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.entityRef()).isEqualTo("component:default/bad");
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).contains("spec.owner");
        });
    }

    @Test
    void theContentHashChangesWithTheDescriptorOnly() throws IOException {
        write("catalog-info.yaml", component("a"));
        String first = read("catalog-info.yaml").entities().get(0).contentHash();
        assertThat(read("catalog-info.yaml").entities().get(0).contentHash()).isEqualTo(first);
        write("catalog-info.yaml", component("a").replace("production", "experimental"));
        assertThat(read("catalog-info.yaml").entities().get(0).contentHash()).isNotEqualTo(first);
    }

    @Test
    void resolvesTextJsonAndYamlPlaceholdersRelativeToTheDescriptor() throws IOException {
        write("apis/catalog-info.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata: {name: pets}
                spec:
                  type: openapi
                  lifecycle: production
                  owner: team-a
                  definition: {$text: ./specs/pets.yaml}
                  extra: {$json: ../shared/extra.json}
                  more: [{$yaml: ../shared/more.yaml}]
                """);
        write("apis/specs/pets.yaml", "openapi: 3.0.0\n");
        write("shared/extra.json", "{\"a\": [1, 2]}");
        write("shared/more.yaml", "b: {c: true}\n");
        ReadResult result = read("**/catalog-info.yaml");
        assertThat(result.problems()).isEmpty();
        var spec = result.entities().get(0).entity().spec();
        assertThat(spec.path("definition").asString()).isEqualTo("openapi: 3.0.0\n");
        assertThat(spec.path("extra").path("a").get(1).asInt()).isEqualTo(2);
        assertThat(spec.path("more").get(0).path("b").path("c").asBoolean()).isTrue();
    }

    @Test
    void anUnresolvablePlaceholderRejectsTheEntity() throws IOException {
        write("catalog-info.yaml", component("a").replace("owner: team-a", "owner: team-a, definition: {$text: ./gone.yaml}"));
        ReadResult result = read("catalog-info.yaml");
        assertThat(result.entities()).isEmpty();
        assertThat(result.rejectedKeys()).containsExactly("component:default/a");
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("$text ./gone.yaml does not exist"));
    }

    @Test
    void aPlaceholderNamingAUrlOfAHostWithoutIntegrationRefusesTheEntityAsBackstageDoes() throws IOException {
        write("catalog-info.yaml", component("a").replace("owner: team-a", "owner: team-a, definition: {$text: 'https://example.com/x.yaml'}"));
        ReadResult result = read("catalog-info.yaml");
        assertThat(result.entities()).isEmpty();
        assertThat(result.rejectedKeys()).containsExactly("component:default/a");
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
            assertThat(p.message()).isEqualTo("Placeholder $text could not read location https://example.com/x.yaml, Reading from"
                    + " 'https://example.com/x.yaml' is not allowed. You may need to configure an integration for the target host"
                    + " (stagehand.integrations)");
        });
    }

    @Test
    void aUrlLocationOfAHostWithoutIntegrationIsAProblemOnTheLocationAndNothingIsRead() throws IOException {
        write("catalog-info.yaml", location("root", "{type: url, targets: ['https://example.com/o/r/blob/main/x.yaml', relative.yaml]}"));
        ReadResult result = read("catalog-info.yaml");
        assertThat(refs(result)).containsExactly("location:default/root");
        assertThat(result.problems()).extracting(Problem::severity).containsOnly(Problem.Severity.ERROR);
        assertThat(result.problems()).extracting(Problem::entityRef).containsOnly("location:default/root");
        assertThat(result.problems()).extracting(Problem::message).containsExactly(
                "Reading from 'https://example.com/o/r/blob/main/x.yaml' is not allowed. You may need to configure an integration for"
                        + " the target host (stagehand.integrations)",
                "Location target relative.yaml of type url is not a URL");
        assertThat(result.filesRead()).isEqualTo(1);
    }

    @Test
    void locationsNestedDeeperThanTheLimitAreNotFollowed() throws IOException {
        CatalogReader shallow = new CatalogReader(YamlLimits.DEFAULTS, 1000, 2, null);
        write("a.yaml", location("a", "{target: b.yaml}"));
        write("b.yaml", location("b", "{target: c.yaml}"));
        write("c.yaml", location("c", "{target: d.yaml}"));
        write("d.yaml", location("d", "{target: e.yaml}"));
        ReadResult result = shallow.read(new FileTree(root), "a.yaml");
        assertThat(refs(result)).containsExactly("location:default/a", "location:default/b", "location:default/c");
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("Location target d.yaml is more than 2 Locations deep (stagehand.ingest.max-location-depth); not followed,"
                        + " and what it held before is kept"));
        assertThat(result.failedLocations()).as("what d.yaml held is kept").containsExactly(new FileTree(root).location("c.yaml"));
    }

    @Test
    void resolvesRelativePaths() {
        assertThat(LocationPaths.resolve("a/b/c.yaml", "./d.yaml")).isEqualTo("a/b/d.yaml");
        assertThat(LocationPaths.resolve("a/b/c.yaml", "../d/e.yaml")).isEqualTo("a/d/e.yaml");
        assertThat(LocationPaths.resolve("c.yaml", "d/e.yaml")).isEqualTo("d/e.yaml");
        assertThat(LocationPaths.resolve("c.yaml", "../e.yaml")).isNull();
    }

    /** The folder as a tree that counts the files it reads (placeholder targets included). */
    private static final class CountingTree implements CatalogTree {
        final FileTree files;
        // files are read on several threads at once
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        CountingTree(Path root) throws IOException {
            this.files = new FileTree(root);
        }

        @Override
        public List<String> list(String glob) throws IOException {
            return files.list(glob);
        }

        @Override
        public byte[] read(String path, int maxBytes) throws IOException {
            reads.incrementAndGet();
            return files.read(path, maxBytes);
        }

        @Override
        public String fingerprint(String path) throws IOException {
            return files.fingerprint(path);
        }

        @Override
        public String location(String path) {
            return files.location(path);
        }
    }

    private CountingTree lastTree;

    private ReadResult read(String glob, FileMemo memo) throws IOException {
        lastTree = new CountingTree(root);
        return reader.read(lastTree, glob, memo);
    }

    @Test
    void unchangedFilesAreNotReadAgainAndGiveTheSameEntitiesAndProblems() throws IOException {
        write("catalog-info.yaml", location("root", "{targets: [./services/*.yaml]}"));
        write("services/a.yaml", component("a"));
        write("services/b.yaml", component("b"));
        write("services/broken.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: broken}\nspec: {}\n");
        Fixtures.age(root);
        FileMemo memo = new FileMemo();

        ReadResult first = read("catalog-info.yaml", memo);
        assertThat(lastTree.reads.get()).isEqualTo(4);
        ReadResult second = read("catalog-info.yaml", memo);
        assertThat(lastTree.reads.get()).isZero();

        assertThat(second.entities()).extracting(IngestedEntity::key).containsExactlyElementsOf(first.entities().stream().map(IngestedEntity::key).toList());
        assertThat(second.entities()).extracting(IngestedEntity::contentHash).containsExactlyElementsOf(first.entities().stream().map(IngestedEntity::contentHash).toList());
        assertThat(second.entities()).noneMatch(IngestedEntity::hasContent);
        assertThat(second.problems()).isEqualTo(first.problems()).isNotEmpty();
        assertThat(second.rejectedKeys()).containsExactly("component:default/broken");
    }

    @Test
    void aChangedFileAndANewFileAreReadAgain() throws IOException {
        write("catalog-info.yaml", location("root", "{targets: [./services/*.yaml]}"));
        write("services/a.yaml", component("a"));
        write("services/b.yaml", component("b"));
        Fixtures.age(root);
        FileMemo memo = new FileMemo();
        read("catalog-info.yaml", memo);

        write("services/b.yaml", component("b").replace("lifecycle: production", "lifecycle: experimental"));
        write("services/c.yaml", component("c"));
        Files.setLastModifiedTime(root.resolve("services/b.yaml"), java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
        Files.setLastModifiedTime(root.resolve("services/c.yaml"), java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
        ReadResult result = read("catalog-info.yaml", memo);

        assertThat(lastTree.reads.get()).isEqualTo(2);
        assertThat(refs(result.entities().stream().filter(IngestedEntity::hasContent).toList()))
                .containsExactly("component:default/b", "component:default/c");
        assertThat(result.entities()).extracting(IngestedEntity::key)
                .containsExactly("location:default/root", "component:default/a", "component:default/b", "component:default/c");
    }

    @Test
    void filesJustModifiedOrWithPlaceholdersAreReadOnEveryRun() throws IOException {
        write("catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: orders}\n"
                + "spec: {type: openapi, lifecycle: production, owner: team-a, definition: {$text: ./openapi.yaml}}\n");
        write("openapi.yaml", "openapi: 3.0.0");
        Fixtures.age(root);
        write("fresh/catalog-info.yaml", component("fresh"));
        FileMemo memo = new FileMemo();
        read("**/catalog-info.yaml", memo);
        // the API's file, the placeholder's target, the fresh file
        assertThat(lastTree.reads.get()).isEqualTo(3);
        ReadResult again = read("**/catalog-info.yaml", memo);
        assertThat(lastTree.reads.get()).isEqualTo(3);
        assertThat(again.entities()).allMatch(IngestedEntity::hasContent);
        assertThat(memo.size()).isZero();
    }

    @Test
    void aLargeTreeIsReadInPartsOnlyAsTheyAreAskedFor() throws IOException {
        write("catalog-info.yaml", location("root", "{targets: [./services/*.yaml]}"));
        for (int i = 0; i < 600; i++) {
            write("services/c" + i + ".yaml", component("c" + i));
        }
        CountingTree tree = new CountingTree(root);
        var parts = reader.parts(tree, "catalog-info.yaml", null).iterator();

        ReadResult first = parts.next();
        assertThat(refs(first.entities())).containsExactly("location:default/root");
        assertThat(tree.reads.get()).isEqualTo(1);
        ReadResult second = parts.next();
        assertThat(tree.reads.get()).isLessThan(601);
        assertThat(second.entities()).hasSize(tree.reads.get() - 1);

        List<ReadResult> all = new java.util.ArrayList<>(List.of(first, second));
        parts.forEachRemaining(all::add);
        assertThat(tree.reads.get()).isEqualTo(601);
        ReadResult whole = ReadResult.merge(all);
        assertThat(whole.entities()).hasSize(601);
        assertThat(whole.filesRead()).isEqualTo(601);
        assertThat(all.subList(0, all.size() - 1)).allMatch(part -> part.revision() == null);
    }

    @Test
    void aFailureInALaterPartEndsTheParts() throws IOException {
        CatalogReader small = new CatalogReader(YamlLimits.DEFAULTS, 300);
        write("catalog-info.yaml", location("root", "{targets: [./services/*.yaml]}"));
        for (int i = 0; i < 400; i++) {
            write("services/c" + i + ".yaml", component("c" + i));
        }
        try (FileTree tree = new FileTree(root)) {
            var parts = small.parts(tree, "catalog-info.yaml", null).iterator();
            parts.next();
            parts.next();
            org.assertj.core.api.Assertions.assertThatThrownBy(parts::next)
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("more than 300 files");
            assertThat(parts.hasNext()).isFalse();
        }
    }

    private static List<String> refs(List<IngestedEntity> entities) {
        return entities.stream().map(e -> e.ref().toString()).sorted().toList();
    }
}
