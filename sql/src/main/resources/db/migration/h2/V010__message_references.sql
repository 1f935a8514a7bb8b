-- The References field of each message, which THREAD REFERENCES (RFC 5256) links messages by; '' for a message
-- without one. Mail stored before has NULL: its field is read from the body at the first THREAD that needs it.
ALTER TABLE mail_message ADD COLUMN reference_ids VARCHAR(4000);
