package io.stagehand.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.EntityFilter.KeyValueFilter;
import io.stagehand.model.EntityFilter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Backstage's filter syntax read into an {@link EntityFilter}: parameters OR'ed, statements AND'ed,
 * a key's repeated values OR'ed, a key alone meaning exists, keys case-insensitive, and every key
 * Stagehand cannot express refused by name; any text is a filter or a bad request, nothing else.
 */
class RestFilterParserTests {

    @Test
    void statementsOfOneParameterAreAllRequired() {
        EntityFilter filter = FilterParser.parse(List.of("kind=component,spec.type=service"));
        assertThat(filter.and()).hasSize(2);
        assertThat(filter.and().get(0).kind()).containsExactly("component");
        assertThat(filter.and().get(1).type()).containsExactly("service");
    }

    @Test
    void parametersAreAlternativesAndARepeatedKeyMatchesAnyOfItsValues() {
        EntityFilter filter = FilterParser.parse(List.of("kind=component", "kind=api,kind=system"));
        assertThat(filter.or()).hasSize(2);
        assertThat(filter.or().get(0).kind()).containsExactly("component");
        assertThat(filter.or().get(1).kind()).containsExactly("api", "system");
    }

    @Test
    void keysAreCaseInsensitiveAndSpacesAroundStatementsDoNotCount() {
        EntityFilter filter = FilterParser.parse(List.of(" Kind = Component , METADATA.Namespace=default ,"));
        assertThat(filter.and().get(0).kind()).containsExactly("Component");
        assertThat(filter.and().get(1).namespace()).containsExactly("default");
    }

    @Test
    void everyExpressibleKeyMapsToItsField() {
        assertThat(FilterParser.parseOne("metadata.name=payment-api").name()).containsExactly("payment-api");
        assertThat(FilterParser.parseOne("spec.lifecycle=production").lifecycle()).containsExactly("production");
        assertThat(FilterParser.parseOne("spec.owner=team-a").owner()).containsExactly("team-a");
        assertThat(FilterParser.parseOne("relations.ownedBy=group:default/team-a").owner()).containsExactly("group:default/team-a");
        assertThat(FilterParser.parseOne("metadata.tags=Java").tagsAny()).containsExactly("java");
        assertThat(FilterParser.parseOne("metadata.annotations.backstage.io/techdocs-ref=dir:.").or().get(0).annotations())
                .containsExactly(new KeyValueFilter("backstage.io/techdocs-ref", "dir:."));
        assertThat(FilterParser.parseOne("metadata.labels.tier=gold").or().get(0).labels()).containsExactly(new KeyValueFilter("tier", "gold"));
    }

    @Test
    void aKeyAloneMeansTheFieldExists() {
        assertThat(FilterParser.parseOne("kind")).isEqualTo(EntityFilter.ALL);
        assertThat(FilterParser.parseOne("spec.owner").hasOwner()).isTrue();
        assertThat(FilterParser.parseOne("metadata.annotations.github.com/project-slug").or().get(0).annotations())
                .containsExactly(new KeyValueFilter("github.com/project-slug", null));
    }

    @Test
    void anEmptyParameterIsNoFilter() {
        assertThat(FilterParser.parse(List.of(" , ,"))).isNull();
        assertThat(FilterParser.parse(null)).isNull();
    }

    @Test
    void aKeyStagehandCannotExpressIsRefusedByName() {
        assertThatThrownBy(() -> FilterParser.parse(List.of("kind=component,spec.profile.email=a@b")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'spec.profile.email'");
        assertThatThrownBy(() -> FilterParser.parse(List.of("spec.type")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'spec.type' without a value");
        assertThatThrownBy(() -> FilterParser.parse(List.of("=component")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'=component' is not a valid statement");
    }

    @Property(tries = 2000)
    void anyTextIsAFilterOrABadRequest(@ForAll("filterLike") String parameter) {
        try {
            FilterParser.parse(List.of(parameter));
        } catch (BadRequestException e) {
            assertThat(e.getMessage()).startsWith("Invalid filter");
        }
    }

    @Property(tries = 500)
    void theStatementsOfOneParameterAreAllRequiredWhateverTheirOrder(@ForAll("kindsList") List<String> kinds, @ForAll("kinds") String type) {
        String parameter = "spec.type=" + type + "," + String.join(",", kinds.stream().map(k -> "kind=" + k).toList());
        EntityFilter filter = FilterParser.parseOne(parameter);
        assertThat(filter.and()).hasSize(2);
        assertThat(filter.and().get(0).type()).containsExactly(type);
        assertThat(filter.and().get(1).kind()).containsExactlyElementsOf(kinds);
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
