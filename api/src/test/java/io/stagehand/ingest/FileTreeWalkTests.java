package io.stagehand.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a folder is walked (on several threads): what it lists, in which order, and what stops it. */
class FileTreeWalkTests {

    @TempDir
    Path root;

    private void write(String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "kind: Component\n");
    }

    @Test
    void listsEveryRegularFileSortedWithLinksFollowed() throws IOException {
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
        Path outside = Files.createTempDirectory("outside");
        Files.writeString(outside.resolve("catalog-info.yaml"), "kind: Component\n");
        Files.createSymbolicLink(root.resolve("linked"), outside);
        expected.add("linked/catalog-info.yaml");
        Files.createSymbolicLink(root.resolve("to-a-file.yaml"), root.resolve("catalog-info.yaml"));
        expected.add("to-a-file.yaml");
        Files.createSymbolicLink(root.resolve("dangling.yaml"), root.resolve("nothing-here.yaml"));

        List<String> listed = new FileTree(root).list("**");

        assertThat(listed).isEqualTo(expected.stream().sorted().toList());
    }

    @Test
    void aLinkBackIntoTheTreeIsALoopNamedInTheError() throws IOException {
        write("a/b/catalog-info.yaml");
        Files.createSymbolicLink(root.resolve("a/b/up"), root.resolve("a"));

        assertThatThrownBy(() -> new FileTree(root).list("**")).isInstanceOf(FileSystemLoopException.class)
                .hasMessageContaining("a/b/up");
    }
}
