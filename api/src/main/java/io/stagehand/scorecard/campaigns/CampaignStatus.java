package io.stagehand.scorecard.campaigns;

import io.stagehand.scorecard.definition.Definitions.Campaign;
import java.time.LocalDate;

/**
 * Where a campaign stands on a day (UTC), from its dates and its progress. The target date is the
 * last day of the campaign: it is past the day after.
 */
public enum CampaignStatus {
    /** No start date yet. */
    DRAFT,
    /** Before its start date. */
    SCHEDULED,
    /** Started, on or before its target date, some entities not done. */
    IN_PROGRESS,
    /** Past its target date with some entities not done. */
    DELAYED,
    /** Every entity done (also when it has none), on or before its target date. */
    DONE,
    /** Past its target date with every entity done. */
    ENDED;

    static CampaignStatus of(Campaign campaign, LocalDate today, int done, int total) {
        if (campaign.startDate() == null) {
            return DRAFT;
        }
        if (today.isBefore(campaign.startDate())) {
            return SCHEDULED;
        }
        boolean complete = done >= total;
        if (today.isAfter(campaign.targetDate())) {
            return complete ? ENDED : DELAYED;
        }
        return complete ? DONE : IN_PROGRESS;
    }

    /** Whether entities not done are overdue: the target date has passed. */
    static boolean overdue(Campaign campaign, LocalDate today) {
        return campaign.startDate() != null && today.isAfter(campaign.targetDate());
    }
}
