-- Which messages the full-text index holds. Existing mail starts outside it and is indexed in the
-- background. H2 has no partial indexes: an index led by the flag finds a folder's pending ones.
ALTER TABLE mail_message ADD COLUMN text_indexed BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX mail_message_unindexed ON mail_message (text_indexed, folder_id);
