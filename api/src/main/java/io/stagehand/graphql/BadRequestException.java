package io.stagehand.graphql;

/** A request that cannot be answered as asked: a bad argument, cursor or limit. */
public class BadRequestException extends IllegalArgumentException {
    public BadRequestException(String message) {
        super(message);
    }
}
