package io.stagehand.postgres;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Stagehand uses its database ({@code stagehand.database.*}). {@code statementTimeout} is
 * PostgreSQL's {@code statement_timeout} of every connection, a backstop behind the request timeout
 * for statements nobody waits for any more; source runs lift it inside their own transaction.
 */
@Validated
@ConfigurationProperties("stagehand.database")
public record DatabaseProperties(@DefaultValue("PT35S") Duration statementTimeout) {
}
