-- Narayana's commit-markable resource log (ADR 0015): a transaction that commits the database
-- together with a JMS message writes its id here in the same local commit, so that recovery
-- after a crash knows whether the database committed. Narayana deletes the rows it no longer needs.
CREATE TABLE xids (xid VARBINARY(144), transactionManagerID VARCHAR(64), actionuid VARBINARY(28));
CREATE UNIQUE INDEX xids_xid ON xids (xid);
