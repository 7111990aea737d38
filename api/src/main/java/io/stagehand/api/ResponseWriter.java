package io.stagehand.api;

import java.io.OutputStream;
import java.util.Collection;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.webflux.GraphQlHttpHandler;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/**
 * Spring GraphQL's HTTP handler, writing each answer with a walk over its maps and lists on the
 * application's {@link JsonMapper}'s generator instead of handing the map to the JSON encoder: the
 * encoder's map serializer looks up a serializer for every value it meets, a fifth of the CPU of a
 * page of 500 whole entities. The bytes are the same (what the walk does not know, it hands to the
 * mapper); {@code ResponseWriterTests} compares them.
 */
final class ResponseWriter extends GraphQlHttpHandler {

    private final JsonMapper json;

    ResponseWriter(WebGraphQlHandler handler, JsonMapper json) {
        super(handler);
        this.json = json;
    }

    @Override
    protected Object encodeResponseIfNecessary(WebGraphQlResponse response) {
        DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.allocateBuffer(4096);
        write(json, response.toMap(), buffer.asOutputStream());
        return buffer;
    }

    static void write(JsonMapper json, Object value, OutputStream out) {
        try (JsonGenerator generator = json.createGenerator(out)) {
            write(generator, value);
        }
    }

    private static void write(JsonGenerator generator, Object value) {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    // keys the mapper writes through its key serializers: the whole map is the mapper's
                    generator.writePOJO(map);
                    return;
                }
            }
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeName((String) entry.getKey());
                write(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                write(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof RawValue raw && raw.rawValue() instanceof String text) {
            generator.writeRawValue(text);
        } else {
            generator.writePOJO(value);
        }
    }
}
