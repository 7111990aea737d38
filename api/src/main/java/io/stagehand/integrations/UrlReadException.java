package io.stagehand.integrations;

import java.io.IOException;

/** A file that could not be read from a URL; its message names the URL and the reason only, never the host's own text. */
public class UrlReadException extends IOException {
    public UrlReadException(String message) {
        super(message, null);
    }
}
