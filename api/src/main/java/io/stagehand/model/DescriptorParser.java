package io.stagehand.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLAnchorReplayingFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a {@code catalog-info.yaml} file into its documents with Jackson YAML. Aliases are expanded
 * (as Backstage's parser does), but every limit in {@link YamlLimits} is enforced while reading, so
 * a hostile file fails fast with a clear message instead of exhausting memory.
 */
public final class DescriptorParser {

    /** One YAML document of a file, with the 1-based line it starts on. */
    public record Document(int line, JsonNode node) {
    }

    /** The documents of a file, or the reason it could not be read (then no document is returned). */
    public record Result(List<Document> documents, String error, int errorLine) {
        public boolean failed() {
            return error != null;
        }

        static Result failure(String error, int line) {
            return new Result(List.of(), error, line);
        }
    }

    private final YamlLimits limits;
    private final YAMLFactory factory;

    public DescriptorParser(YamlLimits limits) {
        this.limits = limits;
        LoadSettings settings = LoadSettings.builder()
                .setCodePointLimit(limits.maxFileBytes())
                .setAllowDuplicateKeys(false)
                .build();
        this.factory = new YAMLAnchorReplayingFactory(YAMLFactory.builder().loadSettings(settings).build());
    }

    public Result parse(byte[] bytes) {
        if (bytes.length > limits.maxFileBytes()) {
            return Result.failure("File is " + bytes.length + " bytes, over the limit of " + limits.maxFileBytes() + " bytes", 0);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Result.failure("File is not valid UTF-8 text (binary file?)", 0);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            return Result.failure("File contains a NUL character (binary file?)", lineOf(text, nul));
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return parseText(text);
    }

    private Result parseText(String text) {
        List<Document> documents = new ArrayList<>();
        Reader reader = null;
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), text)) {
            reader = new Reader(parser);
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                reader.count();
                if (documents.size() >= limits.maxDocuments()) {
                    return Result.failure("File has more than " + limits.maxDocuments() + " YAML documents", line(parser));
                }
                int line = line(parser);
                JsonNode node = reader.value(token, 1);
                // An empty document (a stray "---") is skipped, as Backstage does.
                if (!node.isNull() && !(node.isString() && node.stringValue().isEmpty())) {
                    documents.add(new Document(line, node));
                }
            }
            return new Result(documents, null, 0);
        } catch (LimitException e) {
            return Result.failure(e.getMessage(), e.line);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            if (String.valueOf(e.getOriginalMessage()).contains("too many events to replay")) {
                // Jackson's own guard against alias expansion tripped before ours.
                return Result.failure(aliasMessage(), Math.max(line, 0));
            }
            return Result.failure("YAML syntax error: " + e.getOriginalMessage(), Math.max(line, 0));
        } catch (RuntimeException e) {
            // snakeyaml-engine reports some errors (for example the code point limit) unwrapped.
            return Result.failure("YAML error: " + e.getMessage(), 0);
        }
    }

    private String aliasMessage() {
        return "File expands to more than " + limits.maxTokens() + " YAML nodes or repeats aliases too often"
                + " (a billion-laughs file?); refused";
    }

    private static int line(JsonParser parser) {
        return Math.max(parser.currentTokenLocation().getLineNr(), 0);
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static final class LimitException extends RuntimeException {
        final int line;

        LimitException(String message, int line) {
            super(message);
            this.line = line;
        }
    }

    /** Builds a tree from the token stream, counting tokens and depth as it goes. */
    private final class Reader {
        private final JsonParser parser;
        private long tokens;

        Reader(JsonParser parser) {
            this.parser = parser;
        }

        void count() {
            if (++tokens > limits.maxTokens()) {
                throw new LimitException(aliasMessage(), line(parser));
            }
        }

        private JsonToken next() {
            JsonToken token = parser.nextToken();
            count();
            return token;
        }

        JsonNode value(JsonToken token, int depth) {
            if (depth > limits.maxDepth()) {
                throw new LimitException("YAML nesting is deeper than " + limits.maxDepth() + " levels", line(parser));
            }
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            return switch (token) {
                case START_OBJECT -> object(depth);
                case START_ARRAY -> array(depth);
                case VALUE_STRING -> nodes.stringNode(text(parser.getString()));
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number();
                case VALUE_TRUE -> nodes.booleanNode(true);
                case VALUE_FALSE -> nodes.booleanNode(false);
                case VALUE_NULL -> nodes.nullNode();
                case VALUE_EMBEDDED_OBJECT -> nodes.stringNode(parser.getValueAsString());
                default -> throw new LimitException("Unexpected YAML token " + token, line(parser));
            };
        }

        /** A key or string as it is, unless it holds a NUL (a YAML escape can make one), which PostgreSQL cannot store. */
        private String text(String value) {
            if (value.indexOf('\0') >= 0) {
                throw new LimitException("A key or value contains a NUL character (the escape \\0), which cannot be stored", line(parser));
            }
            return value;
        }

        private JsonNode number() {
            Number number = parser.getNumberValue();
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            if (number instanceof Integer i) {
                return nodes.numberNode(i);
            }
            if (number instanceof Long l) {
                return nodes.numberNode(l);
            }
            if (number instanceof java.math.BigInteger b) {
                return nodes.numberNode(b);
            }
            if (number instanceof java.math.BigDecimal d) {
                return nodes.numberNode(d);
            }
            return nodes.numberNode(number.doubleValue());
        }

        private ObjectNode object(int depth) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            JsonToken token;
            while ((token = next()) == JsonToken.PROPERTY_NAME) {
                String name = text(parser.currentName());
                int keyLine = line(parser);
                JsonNode value = value(next(), depth + 1);
                if (object.has(name)) {
                    throw new LimitException("Duplicate key \"" + name + "\" in a mapping", keyLine);
                }
                object.set(name, value);
            }
            if (token != JsonToken.END_OBJECT) {
                throw new LimitException("Unexpected YAML token " + token + " in a mapping", line(parser));
            }
            return object;
        }

        private ArrayNode array(int depth) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            JsonToken token;
            while ((token = next()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new LimitException("Unexpected end of YAML in a sequence", line(parser));
                }
                array.add(value(token, depth + 1));
            }
            return array;
        }
    }
}
