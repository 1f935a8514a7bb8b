-- The MIME structure of each message (org.mailward.mailbox.structure.MessageStructure, as JSON), read once when
-- the message is appended, or at the first FETCH that needs it for delivered mail, then kept: a message is parsed once.
ALTER TABLE mail_message ADD COLUMN structure TEXT;
