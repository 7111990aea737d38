package io.stagehand.scorecard.definition;

import io.stagehand.catalog.CatalogProperties;
import io.stagehand.scorecard.ScorecardProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The definitions in use: the demo's (when the demo catalog is on), those of the configured
 * {@code stagehand.scorecards.paths} (folders, read recursively, or files), and the built-in
 * {@code production-readiness} scorecard with its {@code repo} fact source, unless a definition of
 * the same name replaces it. Problems are logged and served; a bad file never stops the rest.
 */
@Component
public class ScorecardDefinitions {

    private static final Log log = LogFactory.getLog(ScorecardDefinitions.class);

    private final ScorecardProperties properties;
    private final boolean demo;
    private final AtomicReference<Definitions> current = new AtomicReference<>(Definitions.EMPTY);

    public ScorecardDefinitions(ScorecardProperties properties, CatalogProperties stagehand) {
        this.properties = properties;
        this.demo = stagehand.demo().enabled();
        reload();
    }

    public Definitions current() {
        return current.get();
    }

    /** Reads every definition again; what loads replaces what was in use. */
    Definitions reload() {
        List<DefinitionLoader.Source> sources = new ArrayList<>();
        List<Definitions.Problem> unreadable = new ArrayList<>();
        if (demo) {
            sources.addAll(classpath("demo-scorecards", false));
        }
        for (Path path : properties.paths()) {
            read(path, sources, unreadable);
        }
        if (properties.builtIn()) {
            sources.addAll(classpath("scorecards", true));
        }
        Definitions loaded = new DefinitionLoader().load(sources).withProblems(unreadable);
        loaded.problems().forEach(p -> log.warn("Scorecard definitions: " + p.file() + " line " + p.line() + ": " + p.message()));
        log.info("Scorecard definitions: " + loaded.scorecards().size() + " scorecards, " + loaded.factSources().size()
                + " fact sources, " + loaded.exemptions().size() + " exemptions, " + loaded.problems().size() + " problems");
        current.set(loaded);
        return loaded;
    }

    private static void read(Path path, List<DefinitionLoader.Source> into, List<Definitions.Problem> problems) {
        if (!Files.exists(path)) {
            problems.add(new Definitions.Problem(path.toString(), 0, "stagehand.scorecards.paths: " + path + " does not exist"));
            return;
        }
        try (Stream<Path> files = Files.isDirectory(path) ? Files.walk(path) : Stream.of(path)) {
            for (Path file : files.filter(Files::isRegularFile).filter(ScorecardDefinitions::isYaml)
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                try {
                    into.add(new DefinitionLoader.Source(file.toString(), Files.readAllBytes(file)));
                } catch (IOException e) {
                    problems.add(new Definitions.Problem(file.toString(), 0, "Could not read the file: " + e.getMessage()));
                }
            }
        } catch (IOException e) {
            problems.add(new Definitions.Problem(path.toString(), 0, "Could not list the folder: " + e.getMessage()));
        }
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static List<DefinitionLoader.Source> classpath(String folder, boolean builtIn) {
        List<DefinitionLoader.Source> sources = new ArrayList<>();
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:" + folder + "/*.yaml");
            java.util.Arrays.sort(resources, Comparator.comparing(Resource::getFilename));
            for (Resource resource : resources) {
                try (InputStream in = resource.getInputStream()) {
                    sources.add(new DefinitionLoader.Source("classpath:" + folder + "/" + resource.getFilename(), in.readAllBytes(), builtIn));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("The bundled definitions in " + folder + " could not be read", e);
        }
        return sources;
    }
}
