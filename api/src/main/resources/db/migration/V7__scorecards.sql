-- Scorecards: facts collected per entity and fact source, current results per entity and
-- scorecard, their history (a row per change), and exemptions created through the API (those of
-- YAML files live in the files).

-- Git and HTTP facts; entity facts are read from the entity itself. The last good values stay
-- (with when they were observed) when a later collection fails: problem says why it failed.
CREATE TABLE scorecard_facts (
    entity_key   text NOT NULL,
    source       text NOT NULL,
    vals         jsonb,
    observed_at  timestamptz,
    problem      text,
    unknown      boolean NOT NULL DEFAULT false,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity_key, source)
);

CREATE TABLE scorecard_results (
    scorecard     text NOT NULL,
    entity_key    text NOT NULL,
    entity_ref    text NOT NULL,
    kind          text NOT NULL,
    score         double precision NOT NULL,
    level         text,
    -- the level's position in the scorecard's levels, -1 for none
    level_rank    integer NOT NULL,
    -- the heaviest failing weight: 4 critical, 3 high, 2 medium, 1 low, 0 when nothing fails
    worst_failing integer NOT NULL,
    failing       text[] NOT NULL,
    passing_count integer NOT NULL,
    failing_count integer NOT NULL,
    exempt_count  integer NOT NULL,
    unknown_count integer NOT NULL,
    error_count   integer NOT NULL,
    -- per check: id, state, message, facts used, exemption, since
    checks        jsonb NOT NULL,
    -- each check's state and since, compact: read back by every evaluation to detect changes
    states        text NOT NULL,
    -- of everything shown: an evaluation that changes nothing writes nothing
    digest        text NOT NULL,
    evaluated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scorecard, entity_key)
);

CREATE INDEX scorecard_results_score ON scorecard_results (scorecard, score, entity_key);
CREATE INDEX scorecard_results_failing ON scorecard_results USING gin (failing);
CREATE INDEX scorecard_results_entity ON scorecard_results (entity_key);
CREATE INDEX scorecard_results_worst ON scorecard_results (scorecard, worst_failing, score) WHERE worst_failing > 0;

CREATE TABLE scorecard_check_history (
    scorecard  text NOT NULL,
    entity_key text NOT NULL,
    check_id   text NOT NULL,
    state      text NOT NULL,
    message    text,
    at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX scorecard_check_history_entity ON scorecard_check_history (entity_key, scorecard, at);

CREATE TABLE scorecard_score_history (
    scorecard  text NOT NULL,
    entity_key text NOT NULL,
    score      double precision NOT NULL,
    level      text,
    at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX scorecard_score_history_entity ON scorecard_score_history (entity_key, scorecard, at);

CREATE TABLE scorecard_exemptions (
    id          bigserial PRIMARY KEY,
    scorecard   text NOT NULL,
    check_id    text NOT NULL,
    entity_key  text NOT NULL,
    entity_ref  text NOT NULL,
    reason      text NOT NULL,
    approved_by text,
    expires     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
