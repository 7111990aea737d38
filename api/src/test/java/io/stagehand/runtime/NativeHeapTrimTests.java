package io.stagehand.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The trim goes through the JVM's diagnostic command as this JDK (17.0.15 on glibc) offers it. */
class NativeHeapTrimTests {

    @Test
    void theJvmTrimsAndReportsTheResidentSize() throws Exception {
        String report = NativeHeapTrim.trimOnce(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName("com.sun.management:type=DiagnosticCommand"));
        assertThat(report).contains("Trim native heap").contains("RSS");
    }
}
