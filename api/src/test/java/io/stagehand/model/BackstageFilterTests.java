package io.stagehand.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.model.EntityFilter.PathMatch;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Backstage's filter syntax read into an {@link EntityFilter}: strings OR'ed, statements AND'ed,
 * a key's repeated values OR'ed, a key alone meaning exists, keys case-insensitive; each key one
 * {@link PathMatch}; any text is a filter or an error naming where it went wrong.
 */
class BackstageFilterTests {

    @Test
    void statementsOfOneStringAreAllRequired() {
        EntityFilter filter = BackstageFilter.parse(List.of("kind=component,spec.type=service"));
        assertThat(filter.and()).extracting(f -> f.match().get(0))
                .containsExactly(new PathMatch("kind", List.of("component"), null), new PathMatch("spec.type", List.of("service"), null));
    }

    @Test
    void stringsAreAlternativesAndARepeatedKeyMatchesAnyOfItsValues() {
        EntityFilter filter = BackstageFilter.parse(List.of("kind=component", "kind=api,KIND=system"));
        assertThat(filter.or()).hasSize(2);
        assertThat(filter.or().get(0).match()).containsExactly(new PathMatch("kind", List.of("component"), null));
        assertThat(filter.or().get(1).match()).containsExactly(new PathMatch("kind", List.of("api", "system"), null));
    }

    @Test
    void keysAreFoldedValuesKeptAndSpacesAroundStatementsDoNotCount() {
        EntityFilter filter = BackstageFilter.parse(List.of(" Metadata.Annotations.Backstage.io/TechDocs-Ref = Dir:. , ,"));
        assertThat(filter.match()).containsExactly(new PathMatch("metadata.annotations.backstage.io/techdocs-ref", List.of("Dir:."), null));
    }

    @Test
    void aKeyAloneMeansThePathExistsUnlessTheSameStringGivesItAValue() {
        assertThat(BackstageFilter.parse(List.of("spec.type")).match()).containsExactly(new PathMatch("spec.type", null, null));
        assertThat(BackstageFilter.parse(List.of("spec.type")).match().get(0).present()).isTrue();
        assertThat(BackstageFilter.parse(List.of("spec.type,spec.type=")).match()).containsExactly(new PathMatch("spec.type", List.of(""), null));
    }

    @Test
    void anEmptyStringIsNoFilter() {
        assertThat(BackstageFilter.parse(List.of(" , ,"))).isNull();
        assertThat(BackstageFilter.parse(null)).isNull();
    }

    @Test
    void aStatementWithoutKeyIsRefusedAtItsPosition() {
        assertThatThrownBy(() -> BackstageFilter.parse(List.of("kind=component, =x")))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessage("Invalid filter, '=x' at character 17 is not a valid statement (expected a string on the form a=b or a= or a)");
        assertThatThrownBy(() -> BackstageFilter.parse(List.of("kind=api", "=component")))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("'=component' at character 1 of filter 2");
    }

    @Test
    void aPathNoEntityCanHaveIsRefused() {
        assertThatThrownBy(() -> new PathMatch(" ", null, null)).isInstanceOf(InvalidFilterException.class);
        assertThatThrownBy(() -> new PathMatch("spec.x".repeat(40), null, null)).hasMessageContaining("longer than 200");
        assertThatThrownBy(() -> new PathMatch("spec.type", List.of("a"), false)).hasMessageContaining("exists: false");
        assertThatThrownBy(() -> BackstageFilter.parse(List.of("k=v,".repeat(BackstageFilter.MAX_CONDITIONS + 1).split(","))))
                .hasMessageContaining("more than " + BackstageFilter.MAX_CONDITIONS);
    }

    @Property(tries = 2000)
    void anyTextIsAFilterOrAnInvalidFilter(@ForAll("filterLike") String string) {
        try {
            BackstageFilter.parse(List.of(string));
        } catch (InvalidFilterException e) {
            assertThat(e.getMessage()).startsWith("Invalid filter");
        }
    }

    @Property(tries = 500)
    void theStatementsOfOneStringAreAllRequiredWhateverTheirOrder(@ForAll("kindsList") List<String> kinds, @ForAll("kinds") String type) {
        String string = "spec.type=" + type + "," + String.join(",", kinds.stream().map(k -> "kind=" + k).toList());
        EntityFilter filter = BackstageFilter.parse(List.of(string));
        assertThat(filter.and()).hasSize(2);
        assertThat(filter.and().get(0).match()).containsExactly(new PathMatch("spec.type", List.of(type), null));
        assertThat(filter.and().get(1).match()).containsExactly(new PathMatch("kind", kinds, null));
    }

    @Provide
    Arbitrary<String> filterLike() {
        Arbitrary<String> keys = Arbitraries.of("kind", "metadata.name", "spec.type", "metadata.annotations.a/b", "metadata.labels.x",
                "relations.ownedBy", "spec.owner", "metadata.tags", "spec.x", "", " ");
        Arbitrary<String> statement = Arbitraries.oneOf(keys, keys.map(k -> k + "="),
                keys.flatMap(k -> Arbitraries.strings().withChars("abc:/=. ").ofMaxLength(6).map(v -> k + "=" + v)));
        return Arbitraries.oneOf(statement.list().ofMaxSize(5).map(s -> String.join(",", s)), Arbitraries.strings().ofMaxLength(20));
    }

    @Provide
    Arbitrary<List<String>> kindsList() {
        return kinds().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8);
    }
}
