package io.stagehand.model;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** Test helper: one YAML document to a tree, through the real parser. */
final class Yaml {

    private Yaml() {
    }

    static JsonNode doc(String yaml) {
        DescriptorParser.Result result = new DescriptorParser(YamlLimits.DEFAULTS).parse(yaml.getBytes(StandardCharsets.UTF_8));
        if (result.failed()) {
            throw new IllegalArgumentException(result.error());
        }
        return result.documents().get(0).node();
    }
}
