package org.mailward.connector.spi.mailbox;

import java.io.Serializable;
import java.time.Duration;

/**
 * What the administrator allows one IMAP session, read at the greeting so that the listener can
 * announce and enforce it without asking again. POP3 sessions are given the same; their own
 * limits come with POP3's mailbox commands.
 *
 * @param maxBadCommands           BAD answers in a row before the session is dropped
 * @param maxConnections           connections one listener serves at once (below the adapter's hard cap)
 * @param maxConnectionsPerAddress connections one client address may hold on one listener
 * @param maxConnectionsPerAccount logged-in sessions one account may hold, on all IMAP listeners together
 * @param maxLiteralBytes          the largest literal in a command, APPEND's message aside
 * @param maxCommandBytes          the most one command may hold, lines and literals, APPEND's message aside
 * @param maxAppendBytes           the largest message APPEND takes (announced as APPENDLIMIT)
 * @param commandTimeout           how long a logged-in client may stay silent between commands
 * @param idleTimeout              how long a client may stay silent in IDLE
 */
public record MailboxLimits(int maxBadCommands, int maxConnections, int maxConnectionsPerAddress, int maxConnectionsPerAccount,
                            long maxLiteralBytes, long maxCommandBytes, long maxAppendBytes,
                            Duration commandTimeout, Duration idleTimeout) implements Serializable {
}
