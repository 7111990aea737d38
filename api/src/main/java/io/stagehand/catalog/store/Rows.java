package io.stagehand.catalog.store;

import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Mono;

/** Small helpers the catalog's reads share: reading numbers of rows and binding optional arrays. */
final class Rows {

    private Rows() {
    }

    /** A count or number column as an int, 0 when NULL (PostgreSQL's count and row_number are bigint). */
    static int intOf(Readable row, String column) {
        Number value = row.get(column, Number.class);
        return value == null ? 0 : value.intValue();
    }

    /** The values lower-cased as a text array, or a typed NULL when there are none (the filter is off). */
    static Parameter lowerCasedOrNull(List<String> values) {
        return values == null || values.isEmpty()
                ? Parameter.empty(String[].class)
                : Parameter.from(values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toArray(String[]::new));
    }

    /** The values as given (relation types are case-sensitive: ownedBy, dependsOn), or a typed NULL. */
    static Parameter exactOrNull(List<String> values) {
        return values == null || values.isEmpty() ? Parameter.empty(String[].class) : Parameter.from(values.toArray(String[]::new));
    }

    /** The statement with these named values bound (a {@link FilterSql}'s parameters). */
    static DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, Map<String, Object> values) {
        for (Map.Entry<String, Object> value : values.entrySet()) {
            spec = spec.bind(value.getKey(), value.getValue());
        }
        return spec;
    }

    /** A statement's {@code (source, n)} rows as a map. */
    static Mono<Map<String, Long>> countsBySource(DatabaseClient db, String sql) {
        return db.sql(sql)
                .map(row -> Map.entry(row.get("source", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }
}
