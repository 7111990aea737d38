package io.stagehand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Benchmark figures live in docs/benchmarks.md only: a comment in main code keeps the reason and
 * may name a section there, but quotes no measurement, which would drift from the code it explains.
 * Only comments are read (Java's, and whole-line {@code #} comments of the configuration, the chart
 * and the image), so a constant's value in code is never taken for a figure.
 */
class CommentFigureTests {

    /** A size or a time as measurements are written ("352 MB", "0.4 ms"), or a speed-up ("3x faster"). */
    static final Pattern FIGURE = Pattern.compile(
            "\\b\\d+(\\.\\d+)?\\s?(ms|µs|MB|MiB|GB|GiB)\\b|\\b\\d+(\\.\\d+)?\\s?(x|times) (faster|slower)\\b");

    private static final Path MAIN = Path.of("src", "main");
    private static final List<Path> HASH_COMMENTED = List.of(
            MAIN.resolve("resources"), Path.of("..", "deploy", "helm"), Path.of("..", "docker"));

    record Comment(int line, String text) {
    }

    /** Every line of a comment in Java source, with its line number; strings, characters and text blocks skipped. */
    static List<Comment> javaComments(String source) {
        List<Comment> comments = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (source.startsWith("//", i)) {
                int end = endOf(source, "\n", i, 0);
                comments.add(new Comment(line, source.substring(i, end)));
                i = end;
            } else if (source.startsWith("/*", i)) {
                int end = endOf(source, "*/", i + 2, 2);
                for (String part : source.substring(i, end).split("\n", -1)) {
                    comments.add(new Comment(line++, part));
                }
                line--;
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = endOf(source, "\"\"\"", i + 3, 3);
                line += (int) source.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return comments;
    }

    private static int endOf(String source, String end, int from, int include) {
        int at = source.indexOf(end, from);
        return at < 0 ? source.length() : at + include;
    }

    /** Whole-line {@code #} comments, as YAML, properties, shell and Dockerfiles write them. */
    static List<Comment> hashComments(String text) {
        List<Comment> comments = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            if (lines[n].stripLeading().startsWith("#")) {
                comments.add(new Comment(n + 1, lines[n]));
            }
        }
        return comments;
    }

    static List<String> figures(Path file, List<Comment> comments) {
        return comments.stream()
                .filter(comment -> FIGURE.matcher(comment.text()).find())
                .map(comment -> file + ":" + comment.line() + ": " + comment.text().strip())
                .toList();
    }

    @Test
    void noCommentInMainJavaQuotesAMeasuredFigure() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve("java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                found.addAll(figures(file, javaComments(Files.readString(file))));
            }
        }
        assertThat(found).as("comments quoting a measured figure (move it to docs/benchmarks.md)").isEmpty();
    }

    @Test
    void noCommentOfTheConfigurationChartOrImageQuotesAMeasuredFigure() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : HASH_COMMENTED) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().matches(".*(\\.ya?ml|\\.properties|\\.sh|Dockerfile)$")).toList()) {
                    found.addAll(figures(file, hashComments(Files.readString(file))));
                }
            }
        }
        assertThat(found).as("comments quoting a measured figure (move it to docs/benchmarks.md)").isEmpty();
    }

    @Test
    void findsFiguresInCommentsOnly() {
        String source = """
                /**
                 * Keeps the heap small: 100,000 entities peaked at 352 MB.
                 */
                class Fixture {
                    static final String LIMIT = "512 MB"; // 3x faster than a stream
                    static final char QUOTE = '"';
                    static final String BLOCK = \"""
                            10 ms in a text block
                            \""";
                    int pageSize = 500; // a page of 500 entities
                    /* a walk took 0.4 ms */ long deadline = 30;
                }
                """;

        assertThat(figures(Path.of("Fixture.java"), javaComments(source))).containsExactly(
                "Fixture.java:2: * Keeps the heap small: 100,000 entities peaked at 352 MB.",
                "Fixture.java:5: // 3x faster than a stream",
                "Fixture.java:11: /* a walk took 0.4 ms */");
    }

    @Test
    void findsFiguresInWholeLineHashCommentsOnly() {
        String yaml = """
                # a 100,000-entity catalog peaks at about 580 MiB
                jvm:
                  maxHeap: 320m # set, not measured
                  memory: 768Mi
                """;

        assertThat(figures(Path.of("values.yaml"), hashComments(yaml))).containsExactly(
                "values.yaml:1: # a 100,000-entity catalog peaks at about 580 MiB");
    }
}
