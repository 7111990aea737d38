package io.stagehand.catalog.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/** Descriptor snippets and file helpers for ingestion tests. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String component(String name, String owner, String... dependsOn) {
        StringBuilder yaml = new StringBuilder("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
                + "\nspec:\n  type: service\n  lifecycle: production\n  owner: " + owner + "\n");
        if (dependsOn.length > 0) {
            yaml.append("  dependsOn: [").append(String.join(", ", dependsOn)).append("]\n");
        }
        return yaml.toString();
    }

    public static String group(String name, String parent) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: " + name + "\nspec:\n  type: team\n"
                + (parent == null ? "" : "  parent: " + parent + "\n") + "  children: []\n";
    }

    public static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    /** Sets every file under the folder an hour into the past, so its modification time can be trusted as unchanged. */
    public static void age(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            FileTime past = FileTime.from(Instant.now().minusSeconds(3600));
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, past);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path root, String path, String content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
