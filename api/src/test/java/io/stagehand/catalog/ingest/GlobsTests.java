package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class GlobsTests {

    @Test
    void theLiteralFolderEndsBeforeTheFirstPatternCharacter() {
        assertThat(Globs.literalFolder("services/**/catalog-info.yaml")).isEqualTo("services/");
        assertThat(Globs.literalFolder("a/b/c*.yaml")).isEqualTo("a/b/");
        assertThat(Globs.literalFolder("a/b{1,2}/x.yaml")).isEqualTo("a/");
        assertThat(Globs.literalFolder("**/catalog-info.yaml")).isEmpty();
        assertThat(Globs.literalFolder("*.yaml")).isEmpty();
        assertThat(Globs.literalFolder("catalog-info.yaml")).isEmpty();
        assertThat(Globs.literalFolder("a/b/catalog-info.yaml")).isEqualTo("a/b/");
        assertThat(Globs.literalFolder("a\\*/x")).isEmpty();
    }

    @Test
    void matchesAsTheGlobSays() {
        Predicate<String> services = Globs.matcher("services/**/catalog-info.yaml");
        assertThat(services).accepts("services/a/catalog-info.yaml", "services/a/b/catalog-info.yaml");
        assertThat(services).rejects("services/catalog-info.yaml", "other/services/a/catalog-info.yaml", "servicesx/a/catalog-info.yaml",
                "catalog-info.yaml");
        Predicate<String> anywhere = Globs.matcher("**/catalog-info.yaml");
        assertThat(anywhere).accepts("catalog-info.yaml", "a/catalog-info.yaml", "a/b/catalog-info.yaml");
        Predicate<String> alternatives = Globs.matcher("{org,systems}/*.yaml");
        assertThat(alternatives).accepts("org/a.yaml", "systems/b.yaml").rejects("services/c.yaml", "org/x/a.yaml");
    }
}
