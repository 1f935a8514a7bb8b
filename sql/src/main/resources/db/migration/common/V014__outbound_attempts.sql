-- Outbound delivery (issue 7): each spooled row records when its next attempt is due, which
-- scheduled JMS message may attempt it (a retry ordered by the administrator supersedes the one
-- waiting), and whether the sender was warned of the delay. Each recipient still waiting keeps
-- the outcome of its last attempt, for the spool view and for the bounce when the row expires.
ALTER TABLE spool_message ADD COLUMN next_attempt_at TIMESTAMP;
ALTER TABLE spool_message ADD COLUMN attempt_generation INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE spool_message ADD COLUMN delay_warned BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE spool_recipient ADD COLUMN last_status VARCHAR(10);
ALTER TABLE spool_recipient ADD COLUMN last_diagnostic VARCHAR(1000);
ALTER TABLE spool_recipient ADD COLUMN last_remote VARCHAR(255);
