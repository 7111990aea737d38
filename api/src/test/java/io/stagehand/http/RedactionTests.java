package io.stagehand.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTests {

    @Test
    void hidesUserInfoAndCredentialParametersButKeepsTheRestOfTheUrl() {
        assertThat(Redaction.redact("see https://user:pw@gl.test/g/p/-/blob/main/c.yaml?ref_type=heads&private_token=glpat-abc#x"))
                .isEqualTo("see https://***@gl.test/g/p/-/blob/main/c.yaml?ref_type=heads&private_token=***#x");
        assertThat(Redaction.redact("https://gh.test/o/r/blob/main/c.yaml?TOKEN=ghp_1&monkey=1"))
                .isEqualTo("https://gh.test/o/r/blob/main/c.yaml?TOKEN=***&monkey=1");
        assertThat(Redaction.redact("https://gh.test/o/r/blob/main/c.yaml?keyboard=1")).as("only whole parameter names").endsWith("?keyboard=1");
    }
}
