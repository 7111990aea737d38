package io.stagehand.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatorFunctionsTests {

    @ParameterizedTest
    @ValueSource(strings = {"a", "payment-api", "Payment_API.v2", "a1", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "9lives"})
    void acceptsValidNames(String name) {
        assertThat(ValidatorFunctions.isValidObjectName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-api", "api-", "api.", "_api", "has space", "a/b", "ümlaut", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void refusesInvalidNames(String name) {
        assertThat(ValidatorFunctions.isValidObjectName(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "team-a", "a1", "a--b"})
    void acceptsDnsLabelNamespaces(String namespace) {
        assertThat(ValidatorFunctions.isValidNamespace(namespace)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Default", "team_a", "-a", "a-", "a.b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesOtherNamespaces(String namespace) {
        assertThat(ValidatorFunctions.isValidNamespace(namespace)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Component", "API", "MyKind2", "x"})
    void acceptsKinds(String kind) {
        assertThat(ValidatorFunctions.isValidKind(kind)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2Component", "My-Kind", "My Kind", "KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK"})
    void refusesKinds(String kind) {
        assertThat(ValidatorFunctions.isValidKind(kind)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"backstage.io/v1alpha1", "scaffolder.backstage.io/v1beta3", "v1", "example.com/V2"})
    void acceptsApiVersions(String apiVersion) {
        assertThat(ValidatorFunctions.isValidApiVersion(apiVersion)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "backstage.io/", "/v1", "Backstage.io/v1", "a/b/c", "backstage.io/v1-alpha"})
    void refusesApiVersions(String apiVersion) {
        assertThat(ValidatorFunctions.isValidApiVersion(apiVersion)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"owner", "backstage.io/techdocs-ref", "github.com/project-slug", "a.b.c/Some_Key.1"})
    void acceptsLabelAndAnnotationKeys(String key) {
        assertThat(ValidatorFunctions.isValidLabelOrAnnotationKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/name", "prefix/", "Backstage.io/x", "a/b/c", "bad key", "-x"})
    void refusesLabelAndAnnotationKeys(String key) {
        assertThat(ValidatorFunctions.isValidLabelOrAnnotationKey(key)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gold", "tier-1", "v1.2"})
    void acceptsLabelValues(String value) {
        assertThat(ValidatorFunctions.isValidLabelValue(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-x", "has space", "a/b"})
    void refusesLabelValues(String value) {
        assertThat(ValidatorFunctions.isValidLabelValue(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "c++", "c#", "java:17", "spring-boot"})
    void acceptsTags(String tag) {
        assertThat(ValidatorFunctions.isValidTag(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Java", "spring boot", "-x", "x-", "a--b", "a_b", "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt"})
    void refusesTags(String tag) {
        assertThat(ValidatorFunctions.isValidTag(tag)).isFalse();
    }
}
