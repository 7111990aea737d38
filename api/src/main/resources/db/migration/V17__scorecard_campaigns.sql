-- Campaigns (issue 32): each started campaign's progress once a day, taken with the trend snapshot
-- and in its transaction, for the campaign's burn-down. A campaign's figures depend on its own
-- target and filter, which the trend rows (per scorecard and group) cannot give. Taking a day
-- again replaces its rows; days past the trends' retention go with theirs.
CREATE TABLE scorecard_campaign_days (
    campaign text COLLATE "C" NOT NULL,
    day      date NOT NULL,
    total    integer NOT NULL,
    done     integer NOT NULL,
    PRIMARY KEY (campaign, day)
);

CREATE INDEX scorecard_campaign_days_day ON scorecard_campaign_days (day);
