-- The index analyses words anew (ADR 0030): text of unspaced scripts as characters and pairs, Greek,
-- Cyrillic, Hebrew and Arabic letters folded. Documents written before hold words that searches no
-- longer ask for, so every message is indexed again: in the background, and a folder's own first
-- search indexes its messages before it searches. Writing a document again replaces the old one.
UPDATE mail_message SET text_indexed = FALSE WHERE text_indexed = TRUE;
