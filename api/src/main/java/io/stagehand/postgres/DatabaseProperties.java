package io.stagehand.postgres;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Stagehand uses its database ({@code stagehand.database.*}). {@code statementTimeout} is
 * PostgreSQL's {@code statement_timeout} of every connection, a backstop behind the request timeout
 * for statements nobody waits for any more; source runs lift it inside their own transaction.
 * {@code readReplica} names a streaming replica of the database for the API's reads ({@link ReadRouting}).
 */
@Validated
@ConfigurationProperties("stagehand.database")
public record DatabaseProperties(@DefaultValue("PT35S") Duration statementTimeout, ReadReplica readReplica) {

    /**
     * A PostgreSQL hot standby of the database: its R2DBC {@code url}, and the user and password
     * when they differ from {@code spring.r2dbc.*}'s. A replica further behind the primary's last
     * write than {@code maxLag} is logged as a warning.
     */
    public record ReadReplica(String url, String username, String password, @DefaultValue("10") int maxSize,
            @DefaultValue("PT10S") Duration maxLag) {

        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    public DatabaseProperties {
        if (readReplica == null) {
            readReplica = new ReadReplica(null, null, null, 10, Duration.ofSeconds(10));
        }
    }
}
