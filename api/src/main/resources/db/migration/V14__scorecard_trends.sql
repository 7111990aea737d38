-- Trends (issue 32): one row a day per scorecard and per owning group (with its sub-groups), and one
-- for the whole scorecard (owner_key ''). Sums, not averages, so a row is what the day's results
-- add up to; the API divides. Taking the day's snapshot again replaces its rows.
CREATE TABLE scorecard_trends (
    scorecard text NOT NULL,
    owner_key text COLLATE "C" NOT NULL,
    day       date NOT NULL,
    entities  integer NOT NULL,
    score_sum double precision NOT NULL,
    -- entities per named level, {"bronze": 3}; those with none in no_level
    levels    jsonb NOT NULL,
    no_level  integer NOT NULL,
    -- the checks by id, and five counts per check in that order: pass, fail, exempt, unknown, error
    -- (plain arrays: as JSON the counts were most of a row, and two years of rows are many)
    check_ids    text[] NOT NULL,
    check_counts integer[] NOT NULL,
    PRIMARY KEY (scorecard, owner_key, day)
);

-- Replacing a day and pruning old days find their rows without reading every series.
CREATE INDEX scorecard_trends_day ON scorecard_trends (day);
