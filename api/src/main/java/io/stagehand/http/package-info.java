/**
 * Talking to HTTP peers that catalog authors or operators name, safely: which hosts may be asked
 * at all ({@link OutboundGuard}), the timeouts of a peer ({@link HttpSettings}), its rate limit,
 * retries and circuit breaker ({@link HttpResilience}), and credentials hidden from every URL
 * shown ({@link Redaction}). Used by catalog sources and scorecard facts alike.
 */
package io.stagehand.http;
