package io.stagehand.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Changes the description of a given share of the generated components (every n-th service file),
 * so a re-ingestion has a known amount of work. Usage: {@code ChangeFiles <folder> <percent> <tag>}.
 */
public final class ChangeFiles {

    private ChangeFiles() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        double percent = Double.parseDouble(args[1]);
        String tag = args.length > 2 ? args[2] : "changed";
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root.resolve("services"))) {
            files = walk.filter(p -> p.getFileName().toString().equals("catalog-info.yaml")).sorted().toList();
        }
        int step = (int) Math.max(1, Math.round(100 / percent));
        int changed = 0;
        for (int i = 0; i < files.size(); i += step) {
            Path file = files.get(i);
            String text = Files.readString(file);
            Files.writeString(file, text.replaceFirst("(?m)^  description: .*$", "  description: Changed (" + tag + ")"));
            changed++;
        }
        System.out.println("changed " + changed + " of " + files.size() + " component files");
    }
}
