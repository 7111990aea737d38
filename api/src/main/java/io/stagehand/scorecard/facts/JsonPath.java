package io.stagehand.scorecard.facts;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The part of JSONPath that facts need: {@code $.lastRun.conclusion}, {@code
 * $.metadata.annotations['backstage.io/techdocs-ref']}, {@code $.items[0].name}; the leading
 * {@code $} is optional. No wildcards or filters: a fact is one value.
 */
public final class JsonPath {

    private final String expression;
    private final List<Object> steps;

    private JsonPath(String expression, List<Object> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    /** Parses a path, or throws {@link IllegalArgumentException} saying what is wrong where. */
    public static JsonPath parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("empty JSON path");
        }
        String text = expression.trim();
        int i = text.startsWith("$") ? 1 : 0;
        List<Object> steps = new ArrayList<>();
        boolean first = i == 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.' || first) {
                int start = first ? i : i + 1;
                int end = start;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                if (end == start) {
                    throw new IllegalArgumentException("JSON path " + expression + ": a name is missing at position " + start);
                }
                steps.add(text.substring(start, end));
                i = end;
                first = false;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("JSON path " + expression + ": '[' at position " + i + " is not closed");
                }
                String inside = text.substring(i + 1, close).trim();
                if (inside.length() >= 2 && (inside.charAt(0) == '\'' || inside.charAt(0) == '"')
                        && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else if (inside.matches("\\d+")) {
                    steps.add(Integer.parseInt(inside));
                } else {
                    throw new IllegalArgumentException("JSON path " + expression + ": [" + inside
                            + "] is neither a quoted name nor an index (wildcards and filters are not supported)");
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("JSON path " + expression + ": unexpected '" + c + "' at position " + i);
            }
        }
        return new JsonPath(expression, List.copyOf(steps));
    }

    /** The names (strings) and indexes (integers) the path steps through, from the root. */
    public List<Object> steps() {
        return steps;
    }

    /** The value at this path, or a missing node. */
    public JsonNode read(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            if (node == null || node.isMissingNode()) {
                return MissingNode.getInstance();
            }
            node = step instanceof Integer index ? node.path(index) : node.path((String) step);
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    @Override
    public String toString() {
        return expression;
    }
}
