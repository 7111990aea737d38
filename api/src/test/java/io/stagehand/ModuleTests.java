package io.stagehand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Keeps the modules honest: each one (a direct sub-package of {@code io.stagehand}) uses only what
 * another exposes (its base package or a named interface), and no two depend on each other. The
 * module documentation in docs/modules is generated from the same model and must match it.
 */
class ModuleTests {

    static final ApplicationModules MODULES = ApplicationModules.of(StagehandApplication.class);

    /** Where the generated module documentation is kept, relative to the api module. */
    static final Path DOCS = Path.of("../docs/modules");

    @Test
    void modulesUseOnlyWhatOtherModulesExpose() {
        MODULES.verify();
    }

    /** The check catches a module reaching into another's insides, as the fixture's store does. */
    @Test
    void theCheckCatchesAModuleThatUsesAnotherOnesInternals() {
        ApplicationModules fixture = ApplicationModules.of("io.stagehand.modulefixture", location -> true);
        assertThat(fixture.detectViolations().getMessages())
                .anySatisfy(message -> assertThat(message)
                        .contains("Module 'store' depends on non-exposed type io.stagehand.modulefixture.ingest.internal.Parser"));
    }

    /**
     * The module documentation in docs/modules is what the modules are now. Run with {@code
     * -Dstagehand.modules.write=true} to write it after changing a module.
     */
    @Test
    void theModuleDocumentationIsCurrent() throws IOException {
        Path generated = Path.of("target/modules");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        List<Path> files = list(generated);
        if (Boolean.getBoolean("stagehand.modules.write")) {
            Files.createDirectories(DOCS);
            for (Path file : list(DOCS)) {
                if (!files.contains(file)) {
                    Files.delete(DOCS.resolve(file));
                }
            }
            for (Path file : files) {
                // a file whose lines only came in another order is left as it is, so the diff shows real changes
                if (!Files.exists(DOCS.resolve(file)) || !sortedLines(DOCS.resolve(file)).equals(sortedLines(generated.resolve(file)))) {
                    Files.copy(generated.resolve(file), DOCS.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        assertThat(list(DOCS)).as("docs/modules: run ModuleTests with -Dstagehand.modules.write=true").isEqualTo(files);
        for (Path file : files) {
            // the generator writes modules and relations in an order that varies from run to run
            assertThat(Files.readAllLines(DOCS.resolve(file)))
                    .as("docs/modules/%s is out of date: run ModuleTests with -Dstagehand.modules.write=true", file)
                    .containsExactlyInAnyOrderElementsOf(Files.readAllLines(generated.resolve(file)));
        }
    }

    private static List<String> sortedLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().sorted().toList();
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(folder::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
