package io.stagehand.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The remembered bodies count what an entry really holds, so empty files cannot pile up without bound. */
class RememberedBodiesTests {

    @Test
    void emptyBodiesStillCountTheirUrlTagAndOverheadAndTheEldestGoFirst() {
        RememberedBodies bodies = new RememberedBodies(4096);
        for (int i = 0; i < 1000; i++) {
            bodies.put("https://gh.test/o/r/blob/main/file-" + i + ".yaml", new RememberedBodies.Body("W/\"tag-" + i + "\"", new byte[0]));
        }
        // each entry costs at least its overhead, so a 4 KiB budget holds fewer entries than that overhead divides into it
        assertThat(bodies.size()).isPositive().isLessThanOrEqualTo(4096 / RememberedBodies.ENTRY_OVERHEAD);
        assertThat(bodies.bytes()).isLessThanOrEqualTo(4096);
        assertThat(bodies.get("https://gh.test/o/r/blob/main/file-999.yaml")).as("the newest stays").isNotNull();
        assertThat(bodies.get("https://gh.test/o/r/blob/main/file-0.yaml")).as("the eldest went").isNull();
    }

    @Test
    void removingAndReplacingGivesBackWhatTheEntryCost() {
        RememberedBodies bodies = new RememberedBodies(1 << 20);
        bodies.put("a", new RememberedBodies.Body("e1", new byte[100]));
        bodies.put("a", new RememberedBodies.Body("e2", new byte[10]));
        assertThat(bodies.bytes()).isEqualTo(10 + 2 * (1 + 2) + RememberedBodies.ENTRY_OVERHEAD);
        bodies.remove("a");
        assertThat(bodies.bytes()).isZero();
        assertThat(bodies.size()).isZero();
    }
}
