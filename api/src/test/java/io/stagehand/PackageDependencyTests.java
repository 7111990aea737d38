package io.stagehand;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the feature packages one-way (each package-info.java says the same in words): data moves
 * from sources through the store to the API, and features such as scorecards sit on top where
 * nothing below knows of them.
 */
class PackageDependencyTests {

    /** Each feature package and the packages it may use; everything not listed is forbidden. */
    static final Map<String, Set<String>> ALLOWED = allowed();

    private static Map<String, Set<String>> allowed() {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        allowed.put("catalog", Set.of());
        allowed.put("config", Set.of());
        allowed.put("auth", Set.of("catalog", "store"));
        allowed.put("store", Set.of("catalog", "config"));
        allowed.put("ingest", Set.of("catalog", "config", "store"));
        allowed.put("api", Set.of("catalog", "config", "auth", "store", "ingest"));
        allowed.put("scorecard", Set.of("catalog", "config", "auth", "store", "ingest", "api"));
        return allowed;
    }

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stagehand");

    @Test
    void featurePackagesUseOnlyThePackagesBelowThem() {
        rules("io.stagehand").check(MAIN);
    }

    @Test
    void featurePackagesFormNoCycle() {
        slices().matching("io.stagehand.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theDriverPlumbingUsesNoOtherStagehandPackage() {
        noClasses().that().resideInAPackage("io.stagehand.store.r2dbc..")
                .should().dependOnClassesThat(resideInAPackage("io.stagehand..").and(not(resideInAPackage("io.stagehand.store.r2dbc.."))))
                .check(MAIN);
    }

    @Test
    void everyPackageHasItsPlaceInTheRules() {
        Set<String> packages = MAIN.stream()
                .map(JavaClass::getPackageName)
                .filter(name -> name.startsWith("io.stagehand."))
                .map(name -> name.substring("io.stagehand.".length()).split("\\.")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ALLOWED.keySet()).as("a new package needs its allowed dependencies here and in its package-info.java")
                .containsAll(packages);
    }

    /** The rules catch a store that imports ingest, as CatalogWriter once did. */
    @Test
    void rulesCatchAStoreThatImportsIngest() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.stagehand.layering");
        assertThatThrownBy(() -> rules("io.stagehand.layering").check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.stagehand.layering.store.Writer")
                .hasMessageContaining("io.stagehand.layering.ingest.Read");
    }

    static LayeredArchitecture rules(String root) {
        LayeredArchitecture layers = com.tngtech.archunit.library.Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers();
        for (String name : ALLOWED.keySet()) {
            layers = layers.layer(name).definedBy(root + "." + name + "..");
        }
        for (String name : ALLOWED.keySet()) {
            List<String> users = ALLOWED.entrySet().stream()
                    .filter(entry -> entry.getValue().contains(name))
                    .map(Map.Entry::getKey)
                    .toList();
            layers = users.isEmpty()
                    ? layers.whereLayer(name).mayNotBeAccessedByAnyLayer()
                    : layers.whereLayer(name).mayOnlyBeAccessedByLayers(users.toArray(String[]::new));
        }
        return layers;
    }
}
