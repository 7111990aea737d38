package io.stagehand.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Backstage's search rows of a descriptor, as its catalog's buildEntitySearch documents and builds them. */
class SearchPairsTests {

    @Test
    void leavesUnderTheirPathsArraysItemByItemAndStringItemsAsPathsOfTheirOwn() {
        // the example of Backstage's traverse(): a: 1, b: {c: null, e: [f, g]}, h: [{i: 1, j: k}, {i: 2, j: l}]
        assertThat(SearchPairs.of("""
                {"a": 1, "b": {"c": null, "e": ["f", "g"]}, "h": [{"i": 1, "j": "k"}, {"i": 2, "j": "l"}],
                 "metadata": {"name": "x", "namespace": "default"}}"""))
                .containsExactlyInAnyOrder("a", "a=1", "b.c", "b.e", "b.e=f", "b.e=g", "b.e.f", "b.e.f=true", "b.e.g", "b.e.g=true",
                        "h.i", "h.i=1", "h.i=2", "h.j", "h.j=k", "h.j=l", "metadata.name", "metadata.name=x", "metadata.namespace",
                        "metadata.namespace=default");
    }

    @Test
    void keysAreLowerCasedValuesKeptAsWrittenAndTheDefaultNamespaceAdded() {
        assertThat(SearchPairs.of("""
                {"kind": "Component", "metadata": {"name": "Cart", "annotations": {"GitHub.com/Project-Slug": "Org/Cart"}}}"""))
                .containsExactlyInAnyOrder("kind", "kind=Component", "metadata.name", "metadata.name=Cart",
                        "metadata.annotations.github.com/project-slug", "metadata.annotations.github.com/project-slug=Org/Cart",
                        "metadata.namespace", "metadata.namespace=default");
    }

    @Test
    void relationsStatusAndTheEtagAreLeftOutAndLongOrUnnameableKeysToo() {
        String longValue = "v".repeat(SearchPairs.MAX_VALUE_CHARACTERS + 1);
        String longKey = "k".repeat(SearchPairs.MAX_KEY_CHARACTERS);
        assertThat(SearchPairs.of("{\"metadata\": {\"namespace\": \"ns\", \"etag\": \"e\", \"uid\": \"u\"}, \"relations\": [{\"type\": \"ownedBy\"}],"
                + " \"status\": {\"items\": []}, \"spec\": {\"long\": \"" + longValue + "\", \"" + longKey + "\": 1, \"a=b\": 1}}"))
                .containsExactlyInAnyOrder("metadata.namespace", "metadata.namespace=ns", "metadata.uid", "metadata.uid=u", "spec.long");
    }
}
