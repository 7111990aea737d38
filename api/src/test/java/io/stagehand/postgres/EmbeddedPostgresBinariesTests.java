package io.stagehand.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/** Which PostgreSQL binaries the embedded server starts, per platform, and that the jar carries them. */
class EmbeddedPostgresBinariesTests {

    @ParameterizedTest(name = "{0} on {1} runs {2}")
    @CsvSource({
            // as zonky asks (its OS name, then the JVM's os.arch with amd64 renamed) ...
            "Linux, x86_64, postgres-linux-x86_64.txz",
            "Linux, aarch64, postgres-linux-arm_64.txz",
            "Darwin, x86_64, postgres-darwin-x86_64.txz",
            "Darwin, aarch64, postgres-darwin-arm_64.txz",
            // ... and as the JVM or uname name them
            "Linux, amd64, postgres-linux-x86_64.txz",
            "Mac OS X, x86_64, postgres-darwin-x86_64.txz",
            "Mac OS X, aarch64, postgres-darwin-arm_64.txz",
            "Darwin, arm64, postgres-darwin-arm_64.txz"})
    void choosesTheBinariesOfThePlatform(String system, String machine, String archive) {
        assertThat(EmbeddedPostgresBinaries.archiveFor(system, machine)).isEqualTo(archive);
    }

    @ParameterizedTest(name = "{0} on {1} is refused")
    @CsvSource({"Windows, x86_64", "Linux, ppc64le", "Linux, s390x", "FreeBSD, x86_64", "Linux, arm"})
    void aPlatformWithoutBinariesIsNamedWithTheWayOut(String system, String machine) {
        assertThatThrownBy(() -> EmbeddedPostgresBinaries.archiveFor(system, machine))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(system + " on " + machine)
                .hasMessageContaining("spring.r2dbc.url");
    }

    /** The archives of every supported platform are on the classpath, so the jar built here runs on each. */
    @ParameterizedTest
    @FieldSource("io.stagehand.postgres.EmbeddedPostgresBinaries#SHIPPED")
    void everySupportedPlatformsBinariesAreShipped(String archive) throws Exception {
        String[] parts = archive.substring("postgres-".length(), archive.length() - ".txz".length()).split("-");
        String system = parts[0].equals("darwin") ? "Darwin" : "Linux";
        String machine = parts[1].equals("arm_64") ? "aarch64" : "x86_64";
        try (InputStream in = new EmbeddedPostgresBinaries().getPgBinary(system, machine)) {
            // an xz stream starts with FD '7zXZ' 00
            assertThat(in.readNBytes(6)).containsExactly(0xFD, '7', 'z', 'X', 'Z', 0x00);
        }
    }
}
