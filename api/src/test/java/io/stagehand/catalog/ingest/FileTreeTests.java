package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreeTests {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    private void write(String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "kind: Component\n");
    }

    @Test
    void listsEveryRegularFileSortedWithLinksInsideFollowed() throws IOException {
        // folders are walked on several threads
        List<String> expected = new ArrayList<>();
        for (int a = 0; a < 12; a++) {
            for (int b = 0; b < 12; b++) {
                String path = "services/s" + a + "/c" + b + "/catalog-info.yaml";
                write(path);
                expected.add(path);
            }
        }
        write("catalog-info.yaml");
        expected.add("catalog-info.yaml");
        Files.writeString(outside.resolve("catalog-info.yaml"), "kind: Component\n");
        // a link out of the source's folder is not followed, but reported
        Files.createSymbolicLink(root.resolve("linked"), outside);
        Files.createSymbolicLink(root.resolve("to-a-file.yaml"), root.resolve("catalog-info.yaml"));
        expected.add("to-a-file.yaml");
        Files.createSymbolicLink(root.resolve("dangling.yaml"), root.resolve("nothing-here.yaml"));

        try (FileTree tree = new FileTree(root)) {
            assertThat(tree.list("**")).isEqualTo(expected.stream().sorted().toList());
            assertThat(tree.refused()).singleElement().satisfies(problem -> assertThat(problem.message()).contains("linked"));
        }
    }

    @Test
    void aLinkBackIntoTheTreeIsALoopNamedInTheError() throws IOException {
        write("a/b/catalog-info.yaml");
        Files.createSymbolicLink(root.resolve("a/b/up"), root.resolve("a"));

        try (FileTree tree = new FileTree(root)) {
            assertThatThrownBy(() -> tree.list("**")).isInstanceOf(FileSystemLoopException.class).hasMessageContaining("a/b/up");
        }
    }

    @Test
    void readsFilesAsTheyAreNowNotAsTheyWereListed() throws IOException {
        Files.writeString(root.resolve("a.yaml"), "first");
        Files.writeString(root.resolve("gone.yaml"), "soon gone");
        Files.createDirectories(root.resolve("folder"));
        try (FileTree tree = new FileTree(root)) {
            assertThat(tree.list("*.yaml")).containsExactly("a.yaml", "gone.yaml");
            Files.writeString(root.resolve("a.yaml"), "changed and longer");
            Files.delete(root.resolve("gone.yaml"));
            Files.writeString(root.resolve("new.yaml"), "new");
            assertThat(new String(tree.read("a.yaml", 100), StandardCharsets.UTF_8)).isEqualTo("changed and longer");
            assertThat(tree.read("gone.yaml", 100)).isNull();
            assertThat(new String(tree.read("new.yaml", 100), StandardCharsets.UTF_8)).isEqualTo("new");
            assertThat(tree.read("folder", 100)).isNull();
            assertThat(tree.read("../outside.yaml", 100)).isNull();
        }
    }

    @Test
    void aFileOverTheLimitIsRefusedWithItsSizeEvenIfItGrewAfterTheListing() throws IOException {
        Files.writeString(root.resolve("a.yaml"), "small");
        try (FileTree tree = new FileTree(root)) {
            tree.list("*.yaml");
            Files.writeString(root.resolve("a.yaml"), "x".repeat(5000));
            assertThatThrownBy(() -> tree.read("a.yaml", 1000)).isInstanceOf(CatalogTree.TooLargeException.class)
                    .hasMessageContaining("is 5000 bytes, over the limit of 1000 bytes");
            assertThat(tree.read("a.yaml", 5000)).hasSize(5000);
        }
    }
}
