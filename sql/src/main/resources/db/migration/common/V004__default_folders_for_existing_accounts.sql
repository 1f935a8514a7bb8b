-- Accounts created before V003 get the special-use folders that new accounts get when they are
-- created (MailboxStore.createDefaultFolders), so that the store never has to create them lazily
-- inside a delivery. UIDVALIDITY 1 is as good as any for a folder that never existed before; a
-- folder created later gets the time in seconds, which differs.
INSERT INTO mail_folder (account_id, name, special_use, subscribed, uid_validity, uid_next, highest_modseq,
                         message_count, unseen_count, size_bytes)
SELECT a.id, d.name, d.special_use, TRUE, 1, 1, 1, 0, 0, 0
FROM account a
CROSS JOIN (VALUES ('INBOX', 'INBOX'), ('Drafts', 'DRAFTS'), ('Sent', 'SENT'), ('Junk', 'JUNK'), ('Trash', 'TRASH'),
                   ('Archive', 'ARCHIVE')) AS d (name, special_use)
WHERE NOT EXISTS (SELECT 1 FROM mail_folder f
                  WHERE f.account_id = a.id AND (f.name = d.name OR f.special_use = d.special_use));
