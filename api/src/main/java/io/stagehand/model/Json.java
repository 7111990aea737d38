package io.stagehand.model;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper for what Stagehand stores, parses and prints itself (descriptors, results,
 * cursors, audit arguments, notifications). Spring's own mapper stays with HTTP bodies, which Spring
 * encodes. Jackson's mappers are thread-safe once built, so one serves every caller.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }
}
