package io.stagehand.model;

/** A filter or order that cannot be read: bad Backstage filter syntax, or a path no entity can have. */
public class InvalidFilterException extends IllegalArgumentException {
    public InvalidFilterException(String message) {
        super(message);
    }
}
