package io.stagehand.catalog.ingest;

import java.io.IOException;

/** A Backstage catalog that cannot be mirrored right now; the message says why and what to check. */
public class BackstageException extends IOException {
    public BackstageException(String message) {
        super(message);
    }

    public BackstageException(String message, Throwable cause) {
        super(message, cause);
    }
}
