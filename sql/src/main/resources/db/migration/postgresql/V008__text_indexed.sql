-- Which messages the full-text index holds. Existing mail starts outside it and is indexed in the
-- background. Only the few waiting are in the index, so it costs deliveries almost nothing.
ALTER TABLE mail_message ADD COLUMN text_indexed BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX mail_message_unindexed ON mail_message (folder_id) WHERE NOT text_indexed;
