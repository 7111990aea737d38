package io.stagehand.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A cursor is a caller's text: any cursor decodes to the values of one position or is a
 * {@link BadRequestException}, never another exception; and what is encoded decodes back.
 */
class CursorsProperties {

    @Property(tries = 3000)
    void anyCursorIsAPositionOrABadRequest(@ForAll("cursorLike") String cursor) {
        try {
            assertThat(Cursors.decode(cursor, 2)).hasSize(2).doesNotContainNull();
        } catch (BadRequestException e) {
            assertThat(e.getMessage()).startsWith("Invalid cursor");
        }
    }

    @Property(tries = 1000)
    void encodedValuesDecodeBack(@ForAll List<String> values) {
        assertThat(Cursors.decode(Cursors.encode(values), values.size())).isEqualTo(values);
    }

    /** Any text, base64 of any text, and base64 of near-valid JSON behind the prefix. */
    @Provide
    Arbitrary<String> cursorLike() {
        Arbitrary<String> json = Arbitraries.strings().withChars("[]\",{}nul0:\\").ofMaxLength(16).map(s -> "c1:" + s);
        Arbitrary<String> encoded = Arbitraries.oneOf(Arbitraries.strings(), json)
                .map(s -> Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(Arbitraries.strings(), encoded);
    }
}
