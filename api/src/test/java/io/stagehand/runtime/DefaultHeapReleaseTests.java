package io.stagehand.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** G1's periodic collection is switched on only for a heap the JVM sized itself, and then takes effect. */
class DefaultHeapReleaseTests {

    private static final List<String> G1 = List.of("G1 Young Generation", "G1 Old Generation");

    @Test
    void onlyForG1WithAHeapNobodySized() {
        assertThat(DefaultHeapRelease.applies(List.of("-Dfile.encoding=UTF-8"), G1)).isTrue();
        assertThat(DefaultHeapRelease.applies(List.of("-Xmx352m"), G1)).isFalse();
        assertThat(DefaultHeapRelease.applies(List.of("-XX:MaxRAMPercentage=75"), G1)).isFalse();
        assertThat(DefaultHeapRelease.applies(List.of("-XX:G1PeriodicGCInterval=0"), G1)).isFalse();
        assertThat(DefaultHeapRelease.applies(List.of(), List.of("PS Scavenge", "PS MarkSweep"))).isFalse();
        assertThat(DefaultHeapRelease.applies(List.of(), List.of("Copy", "MarkSweepCompact"))).isFalse();
    }

    @Test
    void theFlagsAreSetWhereTheyApply() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String interval = vm.getVMOption("G1PeriodicGCInterval").getValue();
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        boolean applies = DefaultHeapRelease.applies(ManagementFactory.getRuntimeMXBean().getInputArguments(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
        try {
            new DefaultHeapRelease().releaseMemoryAfterLoads();
            assertThat(vm.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo(applies ? "30000" : interval);
            assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(applies ? "30" : max);
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", max);
            vm.setVMOption("MinHeapFreeRatio", min);
            vm.setVMOption("G1PeriodicGCInterval", interval);
        }
    }
}
