/**
 * Outbound delivery: the spool's rows for remote recipients attempted over SMTP (MX or smart
 * host), retried on a schedule, bounced when they fail for good or expire, signed with DKIM, and
 * throttled per user and domain.
 */
package org.mailward.transport.outbound;
