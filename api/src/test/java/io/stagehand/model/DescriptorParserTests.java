package io.stagehand.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DescriptorParserTests {

    private final DescriptorParser parser = new DescriptorParser(YamlLimits.DEFAULTS);

    private DescriptorParser.Result parse(String yaml) {
        return parser.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryDocumentWithItsLine() {
        var result = parse("""
                kind: Component
                metadata: {name: a}
                ---
                # a comment
                kind: API
                metadata: {name: b}
                ---
                """);
        assertThat(result.failed()).isFalse();
        assertThat(result.documents()).extracting(d -> d.node().path("kind").asString()).containsExactly("Component", "API");
        assertThat(result.documents()).extracting(DescriptorParser.Document::line).containsExactly(1, 5);
    }

    @Test
    void expandsAliasesAsBackstageDoes() {
        var result = parse("""
                metadata:
                  annotations: &common {team: a}
                  labels: *common
                """);
        assertThat(result.documents().get(0).node().path("metadata").path("labels").path("team").asString()).isEqualTo("a");
    }

    @Test
    void reportsSyntaxErrorsWithTheLine() {
        var result = parse("kind: Component\nmetadata:\n  name: [unclosed\n  other: x\n");
        assertThat(result.failed()).isTrue();
        assertThat(result.error()).startsWith("YAML syntax error");
        assertThat(result.errorLine()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void refusesDuplicateKeys() {
        var result = parse("kind: Component\nkind: API\n");
        assertThat(result.failed()).isTrue();
        assertThat(result.error()).containsIgnoringCase("duplicate");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void refusesABillionLaughs() {
        var result = parse(io.stagehand.catalog.ingest.Fixtures.billionLaughs());
        assertThat(result.failed()).isTrue();
        assertThat(result.error()).contains("billion-laughs");
    }

    @Test
    void refusesOversizedFiles() {
        DescriptorParser small = new DescriptorParser(new YamlLimits(1024, 10, 10_000, 16));
        var result = small.parse(("kind: Component\ndescription: " + "x".repeat(2000) + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(result.failed()).isTrue();
        assertThat(result.error()).contains("over the limit of 1024 bytes");
    }

    @Test
    void refusesTooManyDocuments() {
        DescriptorParser small = new DescriptorParser(new YamlLimits(100_000, 3, 10_000, 16));
        var result = small.parse("a: 1\n---\na: 2\n---\na: 3\n---\na: 4\n".getBytes(StandardCharsets.UTF_8));
        assertThat(result.failed()).isTrue();
        assertThat(result.error()).contains("more than 3 YAML documents");
    }

    @Test
    void refusesDeepNesting() {
        DescriptorParser shallow = new DescriptorParser(new YamlLimits(100_000, 3, 10_000, 8));
        var result = shallow.parse("a: [[[[[[[[[[1]]]]]]]]]]\n".getBytes(StandardCharsets.UTF_8));
        assertThat(result.failed()).isTrue();
        assertThat(result.error()).contains("deeper than 8 levels");
    }

    @Test
    void refusesBinaryAndNonUtf8Files() {
        assertThat(parser.parse(new byte[] {(byte) 0xC3, (byte) 0x28, 'a'}).error()).contains("not valid UTF-8");
        assertThat(parser.parse("kind: A\n\0\0".getBytes(StandardCharsets.UTF_8)).error()).contains("NUL");
    }

    @Test
    void refusesANulMadeByAnEscapeInAValueOrAKey() {
        var inValue = parser.parse("kind: A\nmetadata:\n  name: \"a\\0b\"\n".getBytes(StandardCharsets.UTF_8));
        assertThat(inValue.error()).contains("NUL");
        assertThat(inValue.errorLine()).isEqualTo(3);
        var inKey = parser.parse("kind: A\n\"x\\0\": 1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(inKey.error()).contains("NUL");
        assertThat(inKey.errorLine()).isEqualTo(2);
        assertThat(parser.parse("kind: A\nname: \"a\\tb\"\n".getBytes(StandardCharsets.UTF_8)).failed()).isFalse();
    }

    @Test
    void keepsScalarsTypedAsYaml12Does() {
        var node = parse("a: 1\nb: true\nc: on\nd: 1.5\ne: null\nf: '1'\n").documents().get(0).node();
        assertThat(node.path("a").isInt()).isTrue();
        assertThat(node.path("b").isBoolean()).isTrue();
        assertThat(node.path("c").isString()).isTrue();
        assertThat(node.path("d").isNumber()).isTrue();
        assertThat(node.path("e").isNull()).isTrue();
        assertThat(node.path("f").isString()).isTrue();
    }
}
