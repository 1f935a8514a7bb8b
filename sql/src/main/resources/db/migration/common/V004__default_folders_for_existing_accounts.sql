-- Accounts created before V003 get the special-use folders that new accounts get when they are
-- created (MailboxStore.ensureDefaultFolders), so that the store never has to create them lazily
-- inside a delivery. UIDVALIDITY 1 is as good as any for a folder that never existed before; a
-- folder created later gets the time in seconds, which differs.

INSERT INTO mail_folder (account_id, name, special_use, subscribed, uid_validity, uid_next, highest_modseq,
                         message_count, unseen_count, size_bytes)
SELECT a.id, 'INBOX', 'INBOX', TRUE, 1, 1, 1, 0, 0, 0 FROM account a
WHERE NOT EXISTS (SELECT 1 FROM mail_folder f WHERE f.account_id = a.id AND (f.name = 'INBOX' OR f.special_use = 'INBOX'));

INSERT INTO mail_folder (account_id, name, special_use, subscribed, uid_validity, uid_next, highest_modseq,
                         message_count, unseen_count, size_bytes)
SELECT a.id, 'Drafts', 'DRAFTS', TRUE, 1, 1, 1, 0, 0, 0 FROM account a
WHERE NOT EXISTS (SELECT 1 FROM mail_folder f WHERE f.account_id = a.id AND (f.name = 'Drafts' OR f.special_use = 'DRAFTS'));

INSERT INTO mail_folder (account_id, name, special_use, subscribed, uid_validity, uid_next, highest_modseq,
                         message_count, unseen_count, size_bytes)
SELECT a.id, 'Sent', 'SENT', TRUE, 1, 1, 1, 0, 0, 0 FROM account a
WHERE NOT EXISTS (SELECT 1 FROM mail_folder f WHERE f.account_id = a.id AND (f.name = 'Sent' OR f.special_use = 'SENT'));

INSERT INTO mail_folder (account_id, name, special_use, subscribed, uid_validity, uid_next, highest_modseq,
                         message_count, unseen_count, size_bytes)
SELECT a.id, 'Junk', 'JUNK', TRUE, 1, 1, 1, 0, 0, 0 FROM account a
WHERE NOT EXISTS (SELECT 1 FROM mail_folder f WHERE f.account_id = a.id AND (f.name = 'Junk' OR f.special_use = 'JUNK'));

INSERT INTO mail_folder (account_id, name, special_use, subscribed, uid_validity, uid_next, highest_modseq,
                         message_count, unseen_count, size_bytes)
SELECT a.id, 'Trash', 'TRASH', TRUE, 1, 1, 1, 0, 0, 0 FROM account a
WHERE NOT EXISTS (SELECT 1 FROM mail_folder f WHERE f.account_id = a.id AND (f.name = 'Trash' OR f.special_use = 'TRASH'));

INSERT INTO mail_folder (account_id, name, special_use, subscribed, uid_validity, uid_next, highest_modseq,
                         message_count, unseen_count, size_bytes)
SELECT a.id, 'Archive', 'ARCHIVE', TRUE, 1, 1, 1, 0, 0, 0 FROM account a
WHERE NOT EXISTS (SELECT 1 FROM mail_folder f WHERE f.account_id = a.id AND (f.name = 'Archive' OR f.special_use = 'ARCHIVE'));
