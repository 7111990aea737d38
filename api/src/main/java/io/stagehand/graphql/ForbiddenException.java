package io.stagehand.graphql;

/**
 * A refusal whose message is meant for the caller (it names what was refused and why); answered as
 * FORBIDDEN with that message, where any other access failure gets a fixed text.
 */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
