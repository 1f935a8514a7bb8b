-- The 30-second sweep looks for messages still staged (no UID yet). Only the few in flight are
-- indexed, so the index costs the deliveries almost nothing and the sweep reads no other rows.
CREATE INDEX mail_message_staged ON mail_message (folder_id) WHERE uid IS NULL;
