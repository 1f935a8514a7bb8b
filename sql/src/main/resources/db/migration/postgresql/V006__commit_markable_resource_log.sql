-- Narayana's commit-markable resource log (ADR 0015): a transaction that commits the database
-- together with a JMS message writes its id here in the same local commit, so that recovery
-- after a crash knows whether the database committed. Narayana deletes the rows it no longer needs.
CREATE TABLE xids (xid bytea, transactionManagerID varchar(64), actionuid bytea);
CREATE UNIQUE INDEX xids_xid ON xids (xid);
