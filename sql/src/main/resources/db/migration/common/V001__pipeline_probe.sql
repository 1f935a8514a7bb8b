-- A probe is one round trip through the JMS pipeline: the API writes the row and sends its id
-- on the probe queue in one transaction; the receiving MDB stamps received_at.
CREATE TABLE pipeline_probe (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    requested_by VARCHAR(255) NOT NULL,
    sent_at     TIMESTAMP    NOT NULL,
    received_at TIMESTAMP,
    received_on VARCHAR(255)
);
