package io.stagehand.scorecard.evaluation;

/**
 * A check's result for one entity. {@code UNKNOWN} (no facts yet, or none that apply) and {@code
 * ERROR} (the facts could not be had) never count as passing, nor as failing.
 */
public enum CheckState {
    PASS, FAIL, EXEMPT, UNKNOWN, ERROR;

    /** Combines the states of an {@code all}: one failure fails it, else an error, else an unknown. */
    public static CheckState all(Iterable<CheckState> states) {
        boolean error = false;
        boolean unknown = false;
        for (CheckState state : states) {
            if (state == FAIL) {
                return FAIL;
            }
            error |= state == ERROR;
            unknown |= state == UNKNOWN;
        }
        return error ? ERROR : unknown ? UNKNOWN : PASS;
    }

    /** Combines the states of an {@code any}: one pass passes it, else an error, else an unknown, else it fails. */
    public static CheckState any(Iterable<CheckState> states) {
        boolean error = false;
        boolean unknown = false;
        for (CheckState state : states) {
            if (state == PASS) {
                return PASS;
            }
            error |= state == ERROR;
            unknown |= state == UNKNOWN;
        }
        return error ? ERROR : unknown ? UNKNOWN : FAIL;
    }

    public CheckState negate() {
        return this == PASS ? FAIL : this == FAIL ? PASS : this;
    }
}
