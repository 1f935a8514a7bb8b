-- The 30-second sweep looks for messages still staged (no UID yet). H2 has no partial indexes:
-- an index led by uid finds the NULLs without reading the other rows.
CREATE INDEX mail_message_staged ON mail_message (uid, folder_id);
