package io.stagehand.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a run's NOTIFY payloads say, and that they stay under PostgreSQL's 8,000-byte limit. */
class ChangeNotificationsTests {

    private static List<CatalogChange> changes(int n) {
        CatalogChange.Type[] types = CatalogChange.Type.values();
        return IntStream.range(0, n).mapToObj(i -> new CatalogChange("platform",
                "component:team-" + (i % 7) + "/service-" + "x".repeat(i % 50) + "-" + i, types[i % 3])).toList();
    }

    @Test
    void aLargeRunIsToldInSeveralPayloadsUnderTheLimitThatTogetherNameEveryChangeInOrder() {
        List<CatalogChange> changes = changes(2000);
        List<String> payloads = ChangeNotifications.payloads("replica-1", "platform", 42, changes);
        assertThat(payloads).hasSizeGreaterThan(10);
        List<CatalogChange> told = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            assertThat(payloads.get(i).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8000);
            ChangeNotifications.Notice notice = ChangeNotifications.parse(payloads.get(i));
            assertThat(notice.replica()).isEqualTo("replica-1");
            assertThat(notice.run()).isEqualTo(42);
            assertThat(notice.first()).isEqualTo(i == 0);
            told.addAll(notice.changes());
        }
        assertThat(told).isEqualTo(changes);
    }

    @Test
    void aRunWithoutChangesIsStillToldOnce() {
        List<String> payloads = ChangeNotifications.payloads("replica-1", "platform", 7, List.of());
        assertThat(payloads).singleElement().satisfies(payload -> {
            ChangeNotifications.Notice notice = ChangeNotifications.parse(payload);
            assertThat(notice.changes()).isEmpty();
            assertThat(notice.first()).isTrue();
            assertThat(notice.source()).isEqualTo("platform");
        });
    }

    @Test
    void aPayloadOfAnotherFormatIsRefused() {
        assertThatThrownBy(() -> ChangeNotifications.parse("{\"c\":[[\"X\",\"component:a\"]]}"))
                .hasMessageContaining("Unknown change type");
    }
}
