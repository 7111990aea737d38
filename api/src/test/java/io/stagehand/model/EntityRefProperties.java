package io.stagehand.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Refs come from catalog files, annotations, arguments and the {@code ent} claim of tokens: whatever
 * the text, parsing it gives a ref that prints and parses back to itself, or an
 * {@link InvalidRefException} (a BAD_REQUEST), never another exception (an INTERNAL_ERROR).
 */
class EntityRefProperties {

    @Property(tries = 3000)
    void anyTextIsARefThatRoundTripsOrAnInvalidRef(@ForAll("refLike") String text) {
        EntityRef ref;
        try {
            ref = EntityRef.parse(text);
        } catch (InvalidRefException e) {
            return;
        }
        assertThat(EntityRef.parse(ref.toString())).isEqualTo(ref);
        assertThat(ref.key()).isEqualTo(ref.toString().toLowerCase(Locale.ROOT));
        assertThat(ref.name()).doesNotContain(":", "/");
    }

    /** Any text, and text built from the characters that matter to the grammar, so both halves of the property are reached. */
    @Provide
    Arbitrary<String> refLike() {
        Arbitrary<String> grammar = Arbitraries.strings().withChars(":/ \t\0aZ-._").ofMaxLength(12);
        return Arbitraries.oneOf(Arbitraries.strings(), grammar);
    }
}
