package io.stagehand.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogGeneratorTests {

    @TempDir
    Path first;

    @TempDir
    Path second;

    private static List<String> contents(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().map(p -> {
                try {
                    return root.relativize(p) + "\n" + Files.readString(p);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    @Test
    void theSameSeedWritesTheSameCatalog() throws IOException {
        new CatalogGenerator(first, 1000, 7).write();
        new CatalogGenerator(second, 1000, 7).write();
        assertThat(contents(first)).isEqualTo(contents(second));
    }

    @Test
    void aCatalogHasAboutTheAskedSizeSpreadOverManyFiles() throws IOException {
        CatalogGenerator.Shape shape = new CatalogGenerator(first, 1000, 42).write();
        assertThat(shape.entities()).isBetween(950, 1050);
        assertThat(shape.files()).isGreaterThan(500);
        assertThat(Files.readString(first.resolve("catalog-info.yaml"))).contains("kind: Location").contains("./services/**/catalog-info.yaml");
        long documents;
        try (Stream<Path> files = Files.walk(first)) {
            documents = files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.readString(p).lines().filter(l -> l.startsWith("kind: ")).count();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).sum();
        }
        assertThat(documents).isEqualTo(shape.entities());
    }
}
