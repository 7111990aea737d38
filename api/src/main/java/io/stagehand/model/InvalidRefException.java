package io.stagehand.model;

/** A string that is not a valid entity reference. */
public class InvalidRefException extends IllegalArgumentException {
    public InvalidRefException(String message) {
        super(message);
    }
}
