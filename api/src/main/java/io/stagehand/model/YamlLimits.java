package io.stagehand.model;

/**
 * Bounds on what one descriptor file may cost to parse. {@code maxTokens} counts YAML events after
 * alias expansion, which is what stops a billion-laughs file: its aliases multiply the events.
 */
public record YamlLimits(int maxFileBytes, int maxDocuments, long maxTokens, int maxDepth) {

    public static final YamlLimits DEFAULTS = new YamlLimits(5 * 1024 * 1024, 1000, 1_000_000, 64);
}
