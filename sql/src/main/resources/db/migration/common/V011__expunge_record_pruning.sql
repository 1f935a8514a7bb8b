-- Expunge records (QRESYNC's VANISHED) are pruned after imap.expunged-retention-days (ADR 0031).
-- Each record gets the time of its expunge: those kept until now count from this migration.
-- Each folder keeps the highest modseq whose records were pruned: a client resynchronising from
-- below it is told of every UID the folder no longer has, since which went when is forgotten.
ALTER TABLE mail_expunged ADD COLUMN expunged_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL;
CREATE INDEX mail_expunged_age ON mail_expunged (expunged_at);
CREATE INDEX mail_expunged_modseq ON mail_expunged (folder_id, modseq, uid);
ALTER TABLE mail_folder ADD COLUMN expunges_pruned_to BIGINT DEFAULT 0 NOT NULL;
