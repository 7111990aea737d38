package io.stagehand.scorecard.definition;

import java.util.Locale;

/** How much a check counts; the numbers are configurable ({@code stagehand.scorecards.weights}). */
public enum Weight {
    CRITICAL, HIGH, MEDIUM, LOW;

    /** 4 for critical down to 1 for low: "failing a check of this weight or heavier" compares ranks. */
    public int rank() {
        return 4 - ordinal();
    }

    static Weight parse(String text) {
        return Weight.valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
