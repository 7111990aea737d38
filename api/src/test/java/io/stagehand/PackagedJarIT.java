package io.stagehand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the jar that {@code package} built (run by Failsafe after it): JGit is in it without its
 * signature, stored as Spring Boot needs nested jars, and otherwise the jar JGit publishes; and
 * it carries everything GraphiQL's page loads.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "stagehand.jar");

    @Test
    void jgitIsNestedUnsignedWithEveryOtherEntryOfThePublishedJar(@TempDir Path temp) throws IOException, URISyntaxException {
        Path published = Path.of(Git.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path nested = temp.resolve("nested.jar");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            ZipEntry entry = jar.getEntry("BOOT-INF/lib/" + published.getFileName());
            assertThat(entry).as("JGit in " + JAR).isNotNull();
            assertThat(entry.getMethod()).as("nested jars are stored").isEqualTo(ZipEntry.STORED);
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, nested);
            }
        }
        try (JarFile original = new JarFile(published.toFile()); JarFile unsigned = new JarFile(nested.toFile())) {
            List<String> originalNames = names(original);
            assertThat(originalNames).as("the published JGit jar is signed").anyMatch(PackagedJarIT::isSignature);
            assertThat(names(unsigned)).containsExactlyInAnyOrderElementsOf(
                    originalNames.stream().filter(name -> !isSignature(name)).toList());
            assertThat(unsigned.getManifest()).isEqualTo(original.getManifest());
            // an entry read to its end is checked against the signature, if there is one
            JarEntry someClass = unsigned.getJarEntry("org/eclipse/jgit/api/Git.class");
            try (InputStream in = unsigned.getInputStream(someClass)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            assertThat(someClass.getCodeSigners()).isNull();
        }
    }

    @Test
    void graphiQlsPageAndEveryAssetItLoadsAreInTheJar() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(names(jar)).contains("BOOT-INF/classes/graphiql/index.html", "BOOT-INF/classes/graphiql/README.md",
                            "BOOT-INF/classes/graphiql/static/stagehand-graphiql.js",
                            "BOOT-INF/classes/graphiql/static/explorer/graphiql-plugin-explorer.umd.js")
                    .anyMatch(name -> name.matches("BOOT-INF/lib/graphiql-[0-9.]+\\.jar"))
                    .anyMatch(name -> name.matches("BOOT-INF/lib/react-[0-9.]+\\.jar"))
                    .anyMatch(name -> name.matches("BOOT-INF/lib/react-dom-[0-9.]+\\.jar"));
        }
    }

    private static List<String> names(JarFile jar) {
        return jar.stream().map(ZipEntry::getName).toList();
    }

    private static boolean isSignature(String name) {
        return name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
    }

    /** On JDK 25 and newer the build leaves the extracted jar and its trained AOT cache beside the jar; on older ones nothing. */
    @Test
    void theAotCacheIsBesideTheJarWhenTheJdkMakesOne() {
        Path installed = Path.of("target", "stagehand");
        if (Runtime.version().feature() >= 25 && System.getProperty("stagehand.training.skip") == null) {
            assertThat(installed.resolve("stagehand.jar")).isRegularFile();
            assertThat(installed.resolve("lib")).isDirectory();
            assertThat(installed.resolve("stagehand.aot")).isNotEmptyFile();
        } else {
            assertThat(installed).doesNotExist();
        }
    }

    /** XZ for Java is nested without its Sealed attribute, which a JVM with the AOT cache could refuse at start. */
    @Test
    void xzIsNestedUnsealedAndStored(@TempDir Path temp) throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            ZipEntry entry = jar.stream().filter(e -> e.getName().matches("BOOT-INF/lib/xz-[0-9.]+\\.jar")).findFirst().orElseThrow();
            assertThat(entry.getMethod()).as("nested jars are stored").isEqualTo(ZipEntry.STORED);
            Path nested = temp.resolve("xz.jar");
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, nested);
            }
            try (JarFile xz = new JarFile(nested.toFile())) {
                assertThat(xz.getManifest().getMainAttributes().getValue("Sealed")).isNull();
                assertThat(xz.getManifest().getMainAttributes().getValue("Implementation-Title")).isEqualTo("XZ data compression");
                assertThat(xz.getJarEntry("org/tukaani/xz/XZInputStream.class")).isNotNull();
            }
        }
    }
}
