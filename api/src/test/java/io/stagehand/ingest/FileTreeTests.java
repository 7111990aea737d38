package io.stagehand.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreeTests {

    @TempDir
    Path root;

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
