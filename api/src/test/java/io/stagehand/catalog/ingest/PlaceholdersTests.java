package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.model.DescriptorParser;
import io.stagehand.model.YamlLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class PlaceholdersTests {

    @TempDir
    Path root;

    private final DescriptorParser parser = new DescriptorParser(YamlLimits.DEFAULTS);

    private JsonNode parse(String yaml) {
        return parser.parse(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).documents().get(0).node();
    }

    private JsonNode resolve(JsonNode node) throws Exception {
        try (FileTree tree = new FileTree(root)) {
            return new Placeholders(tree, parser, 1 << 20, 100).resolve(node, "catalog-info.yaml");
        }
    }

    @Test
    void oneFileMayHoldOnlySoManyPlaceholdersAndTheyShareOneCapOnWhatTheyRead() throws Exception {
        Files.writeString(root.resolve("x.txt"), "x".repeat(600));
        JsonNode three = parse("kind: API\nspec: {a: {$text: ./x.txt}, b: {$text: ./x.txt}, c: {$text: ./x.txt}}\n");
        try (FileTree tree = new FileTree(root)) {
            assertThatThrownBy(() -> new Placeholders(tree, parser, 1 << 20, 2).resolve(three, "catalog-info.yaml"))
                    .hasMessage("The file holds more than 2 placeholders (stagehand.ingest.max-placeholders-per-file)");
            assertThat(new Placeholders(tree, parser, 1 << 20, 3).resolve(three, "catalog-info.yaml").path("spec").path("c").stringValue())
                    .hasSize(600);
            JsonNode two = parse("kind: API\nspec: {a: {$text: ./x.txt}, b: {$text: ./x.txt}}\n");
            assertThatThrownBy(() -> new Placeholders(tree, parser, 1000, 100).resolve(two, "catalog-info.yaml"))
                    .as("600 bytes read, 400 left for the second").hasMessageContaining("./x.txt could not be read");
        }
    }

    @Test
    void aTreeWithoutPlaceholdersComesBackAsItIs() throws Exception {
        JsonNode node = parse("kind: API\nspec: {definition: {text: ./x}, list: [{a: 1}, [b, {c: $text}]]}\n");
        assertThat(resolve(node)).isSameAs(node);
    }

    @Test
    void placeholdersAreResolvedInACopyThatSharesWhatHoldsNone() throws Exception {
        Files.writeString(root.resolve("x.txt"), "the text");
        JsonNode node = parse("kind: API\nmetadata: {name: a, tags: [x]}\nspec: {items: [1, {definition: {$text: ./x.txt}}, 3]}\n");
        String before = node.toString();
        JsonNode resolved = resolve(node);
        assertThat(resolved.path("spec").path("items").get(1).path("definition").asString()).isEqualTo("the text");
        assertThat(resolved.path("spec").path("items").get(2).asInt()).isEqualTo(3);
        assertThat(resolved.path("metadata")).isSameAs(node.path("metadata"));
        assertThat(node.toString()).isEqualTo(before);
    }
}
