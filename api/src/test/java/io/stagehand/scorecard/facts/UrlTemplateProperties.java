package io.stagehand.scorecard.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Row 9 of issue 27: whatever an annotation holds, it stays one path segment or one query value, and the host stays the definition's. */
class UrlTemplateProperties {

    static final String TEMPLATE = "https://ci.example.com:8443/api/{{annotation 'x'}}/status?project={{annotation 'x'}}&token=${T}";

    @Property(tries = 2000)
    void anAnnotationValueNeitherAddsSegmentsNorMovesTheHost(@ForAll String value) throws Exception {
        Assume.that(!value.isBlank());
        ObjectNode entity = JsonNodeFactory.instance.objectNode();
        entity.putObject("metadata").putObject("annotations").put("x", value);

        URI uri = Template.renderUrl(TEMPLATE, "component:default/x", entity, name -> "t0ken");

        // what the value is as UTF-8 (an unpaired surrogate cannot be sent as itself)
        String sent = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(uri.getScheme()).isEqualTo("https");
        assertThat(uri.getHost()).isEqualTo("ci.example.com");
        assertThat(uri.getPort()).isEqualTo(8443);
        assertThat(uri.getRawFragment()).isNull();
        List<String> segments = List.of(uri.getRawPath().split("/", -1));
        assertThat(segments).hasSize(4);
        assertThat(segments.get(1)).isEqualTo("api");
        assertThat(URLDecoder.decode(segments.get(2).replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(sent);
        assertThat(segments.get(2)).isNotIn(".", "..");
        assertThat(segments.get(3)).isEqualTo("status");
        String[] query = uri.getRawQuery().split("&", -1);
        assertThat(query).hasSize(2);
        assertThat(query[0]).startsWith("project=");
        assertThat(URLDecoder.decode(query[0].substring("project=".length()), StandardCharsets.UTF_8)).isEqualTo(sent);
        assertThat(query[1]).isEqualTo("token=t0ken");
    }

    @Property(tries = 200)
    void aValueOfDotsIsNeverADotSegment(@ForAll("dots") String value) throws Exception {
        ObjectNode entity = JsonNodeFactory.instance.objectNode();
        entity.putObject("metadata").putObject("annotations").put("x", value);
        URI uri = Template.renderUrl("https://ci.example.com/a/{{annotation 'x'}}/b", "component:default/x", entity, name -> null);
        assertThat(uri.normalize().getRawPath()).startsWith("/a/").endsWith("/b").hasSize(("/a/" + "%2E".repeat(value.length()) + "/b").length());
    }

    /**
     * A project slug ({@code org/repo}) under {@code | segments}: its slashes separate segments, each
     * decoded back to its part, and the path never leaves the template's prefix and suffix; a value
     * with an empty, {@code .} or {@code ..} part is refused.
     */
    @Property(tries = 2000)
    void aSlugUnderSegmentsKeepsItsPartsAndNeverLeavesItsPlace(@ForAll List<@net.jqwik.api.constraints.NotBlank String> parts) throws Exception {
        Assume.that(!parts.isEmpty());
        String value = String.join("/", parts);
        ObjectNode entity = JsonNodeFactory.instance.objectNode();
        entity.putObject("metadata").putObject("annotations").put("github.com/project-slug", value);
        String template = "https://api.example.com/repos/{{annotation 'github.com/project-slug' | segments}}/actions?q={{annotation 'github.com/project-slug' | segments}}";
        // a part may hold slashes of its own: what counts is the value's segments
        boolean dotted = java.util.Arrays.stream(value.split("/", -1)).anyMatch(p -> p.isEmpty() || p.chars().allMatch(c -> c == '.'));
        if (dotted) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Template.renderUrl(template, "component:default/x", entity, n -> null))
                    .isInstanceOf(Template.UnsafeUrlException.class);
            return;
        }
        URI uri = Template.renderUrl(template, "component:default/x", entity, n -> null);
        assertThat(uri.getHost()).isEqualTo("api.example.com");
        assertThat(uri.getRawFragment()).isNull();
        List<String> segments = List.of(uri.getRawPath().split("/", -1));
        assertThat(segments.get(1)).isEqualTo("repos");
        assertThat(segments.get(segments.size() - 1)).isEqualTo("actions");
        List<String> middle = segments.subList(2, segments.size() - 1).stream()
                .map(seg -> URLDecoder.decode(seg.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
        assertThat(middle).isEqualTo(java.util.Arrays.stream(value.split("/", -1))
                .map(part -> new String(part.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).toList());
        assertThat(uri.normalize().getRawPath()).isEqualTo(uri.getRawPath());
        // in the query the slug is one value, slashes and all
        assertThat(uri.getRawQuery().split("&", -1)).hasSize(1);
    }

    @net.jqwik.api.Example
    void anUnknownModifierIsRefusedAtLoad() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Template.checkUrl("https://h/{{annotation 'x' | raw}}", "spec.request.url"))
                .hasMessageContaining("| raw is not a modifier");
        Template.checkUrl("https://h/{{annotation 'x' | segments}}", "spec.request.url");
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> dots() {
        return net.jqwik.api.Arbitraries.strings().withChars('.').ofMinLength(1).ofMaxLength(4);
    }
}
