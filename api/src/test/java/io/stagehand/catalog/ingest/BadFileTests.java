package io.stagehand.catalog.ingest;

import static io.stagehand.catalog.ingest.Fixtures.component;
import static io.stagehand.catalog.ingest.Fixtures.group;
import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.model.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Files built to leak or to flood: links out of the source's folder, and content that would end up in problem messages. */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=bad",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/bad-files/root",
})
class BadFileTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/bad-files/root");
    static final Path OUTSIDE = Path.of("target/it/bad-files/outside");

    /** Looks like /etc/passwd: lines with colons and no "key: value", so YAML reads the whole file as one string. */
    static final String PASSWD = IntStream.range(0, 200).mapToObj(i -> "user" + i + ":x:" + i + ":" + i + ":User " + i + ":/home/user" + i + ":/bin/sh")
            .collect(Collectors.joining("\n", "", "\n"));

    @BeforeEach
    void folders() throws IOException {
        Fixtures.deleteRecursively(ROOT.getParent());
        Files.createDirectories(ROOT);
        Files.createDirectories(OUTSIDE);
        write(ROOT, "team/catalog-info.yaml", group("team-a", null));
        write(OUTSIDE, "secret/catalog-info.yaml", component("secret", "team-a"));
        write(OUTSIDE, "passwd", PASSWD);
    }

    @Test
    void aFolderLinkLeadingOutsideIsNotFollowedAndIsReported() throws IOException {
        Files.createSymbolicLink(ROOT.resolve("ext"), OUTSIDE.toAbsolutePath());
        assertThat(refresh("bad").succeeded()).isTrue();
        assertThat(column("SELECT ref FROM entities")).containsExactly("group:default/team-a");
        assertThat(column("SELECT location || ' ' || message FROM problems")).singleElement()
                .satisfies(problem -> assertThat(problem).contains("/ext").contains("leads outside the source's folder"));
    }

    @Test
    void aDescriptorLinkedToASystemFileIsRefusedAndNotQuoted() throws IOException {
        Files.createDirectories(ROOT.resolve("passwd"));
        Files.createSymbolicLink(ROOT.resolve("passwd/catalog-info.yaml"), OUTSIDE.resolve("passwd").toAbsolutePath());
        assertThat(refresh("bad").succeeded()).isTrue();
        assertThat(column("SELECT location || ' ' || message FROM problems")).singleElement()
                .satisfies(problem -> assertThat(problem).contains("passwd/catalog-info.yaml").contains("leads outside").doesNotContain("user1:x"));
    }

    @Test
    void aLocationTargetThroughALinkLeadingOutsideIsNotRead() throws IOException {
        Files.createSymbolicLink(ROOT.resolve("ext"), OUTSIDE.toAbsolutePath());
        write(ROOT, "catalog-info.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata:
                  name: root
                spec:
                  targets: [./ext/secret/catalog-info.yaml]
                """);
        assertThat(refresh("bad").succeeded()).isTrue();
        assertThat(column("SELECT ref FROM entities ORDER BY 1")).containsExactly("group:default/team-a", "location:default/root");
        assertThat(column("SELECT message FROM problems")).anySatisfy(message -> assertThat(message).contains("leads outside"));
    }

    @Test
    void linksThatStayInsideAreFollowed() throws IOException {
        write(ROOT, "shared/cart.yaml", component("cart", "team-a"));
        Files.createDirectories(ROOT.resolve("cart"));
        Files.createSymbolicLink(ROOT.resolve("cart/catalog-info.yaml"), ROOT.resolve("shared/cart.yaml").toAbsolutePath());
        assertThat(refresh("bad").succeeded()).isTrue();
        assertThat(column("SELECT ref FROM entities ORDER BY 1")).containsExactly("component:default/cart", "group:default/team-a");
        assertThat(column("SELECT message FROM problems")).isEmpty();
    }

    @Test
    void aProblemQuotesOnlyAShortExcerptOfAFile() {
        write(ROOT, "odd/catalog-info.yaml", PASSWD);
        assertThat(refresh("bad").succeeded()).isTrue();
        assertThat(column("SELECT message FROM problems")).singleElement()
                .satisfies(message -> assertThat(message.length()).isLessThanOrEqualTo(Problem.MAX_MESSAGE_LENGTH));
    }
}
