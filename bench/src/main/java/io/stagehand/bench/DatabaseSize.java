package io.stagehand.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Prints the size of the database and of the catalog's tables. Usage: {@code DatabaseSize <jdbc-url>}. */
public final class DatabaseSize {

    private DatabaseSize() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT pg_size_pretty(pg_database_size(current_database())) AS database,
                               pg_size_pretty(pg_total_relation_size('entities')) AS entities,
                               pg_size_pretty(pg_total_relation_size('relations')) AS relations,
                               (SELECT count(*) FROM entities) AS entity_count,
                               (SELECT count(*) FROM relations) AS relation_count""")) {
            rows.next();
            System.out.printf("database %s (entities %s, relations %s) for %d entities and %d relation rows%n",
                    rows.getString("database"), rows.getString("entities"), rows.getString("relations"),
                    rows.getLong("entity_count"), rows.getLong("relation_count"));
        }
    }
}
