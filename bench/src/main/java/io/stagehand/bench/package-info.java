/**
 * Benchmark tools driven by {@code bench/run.sh}: a deterministic catalog generator, a concurrent
 * GraphQL load client and a database size probe. None of it runs in the test command.
 */
package io.stagehand.bench;
