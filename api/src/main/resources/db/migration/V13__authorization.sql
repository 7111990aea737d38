-- Authorization (issue 27): exemptions become a workflow (requested, then approved or rejected by
-- someone recorded), and every mutation and denial goes to an audit log.

-- Exemptions made before this version were effective at once; they stay effective (APPROVED) so an
-- upgrade changes no score, with requested_by left empty: who made them was never recorded.
ALTER TABLE scorecard_exemptions
    ADD COLUMN status           text NOT NULL DEFAULT 'APPROVED' CHECK (status IN ('REQUESTED', 'APPROVED', 'REJECTED')),
    ADD COLUMN requested_by     text,
    ADD COLUMN decided_by       text,
    ADD COLUMN decided_at       timestamptz,
    ADD COLUMN decision_comment text,
    ADD COLUMN revoked_by       text;

-- New rows say what they are; the default above was only for the rows already there.
ALTER TABLE scorecard_exemptions ALTER COLUMN status SET DEFAULT 'REQUESTED';

CREATE TABLE audit_events (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    -- token:<name>, a user's entity ref, or anonymous
    actor      text NOT NULL,
    permission text NOT NULL,
    -- the GraphQL field, e.g. createExemption
    operation  text NOT NULL,
    -- the arguments with secret-looking values removed and long values cut
    arguments  jsonb NOT NULL,
    result     text NOT NULL CHECK (result IN ('ALLOWED', 'DENIED', 'FAILED')),
    message    text
);

CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_actor ON audit_events (lower(actor), id);
