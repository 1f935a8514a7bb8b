/**
 * The pipeline probe: an operator's end-to-end check that a message sent on a JMS queue in one
 * transaction with a database row reaches a message-driven bean, which updates that row.
 * It exercises the same path as mail (JTA, Artemis, MDB, JPA) without touching anyone's mail.
 */
package org.mailward.admin.probe;
