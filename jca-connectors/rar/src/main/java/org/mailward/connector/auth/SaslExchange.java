package org.mailward.connector.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One server-side SASL exchange (RFC 4422) in progress, fed one client line at a time so that a
 * line-driven session can keep it as its pending state between lines. Mechanisms: PLAIN (RFC 4616)
 * and LOGIN (the de-facto {@code Username:}/{@code Password:} exchange SMTP clients still use).
 */
public final class SaslExchange {

    public enum Mechanism {
        PLAIN, LOGIN
    }

    private static final String USERNAME_CHALLENGE = base64("Username:");
    private static final String PASSWORD_CHALLENGE = base64("Password:");

    private final Mechanism mechanism;
    private String username; // LOGIN only, once the client sent it

    private SaslExchange(Mechanism mechanism) {
        this.mechanism = mechanism;
    }

    /** An exchange for the mechanism the client named (case-insensitively), if it is one of {@code offered}. */
    public static Optional<SaslExchange> of(String name, Set<Mechanism> offered) {
        return offered.stream()
                .filter(mechanism -> mechanism.name().equals(name.toUpperCase(Locale.ROOT)))
                .findFirst()
                .map(SaslExchange::new);
    }

    /**
     * Starts the exchange. {@code initialResponse} is the optional argument of the AUTH/AUTHENTICATE
     * command (RFC 4954, RFC 4959, RFC 5034): {@code null} when absent, {@code =} for an empty one.
     */
    public SaslStep start(String initialResponse) {
        if (initialResponse == null) {
            return new SaslStep.Challenge(mechanism == Mechanism.LOGIN ? USERNAME_CHALLENGE : "");
        }
        return initialResponse.equals("=") ? accept(new byte[0]) : decode(initialResponse);
    }

    /** Takes the client's line after a challenge: base64, or {@code *} to cancel. */
    public SaslStep respond(String line) {
        return line.equals("*") ? new SaslStep.Cancelled() : decode(line);
    }

    private SaslStep decode(String base64) {
        byte[] response;
        try {
            response = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new SaslStep.NotBase64();
        }
        return accept(response);
    }

    private SaslStep accept(byte[] response) {
        return switch (mechanism) {
            case PLAIN -> SaslPlainMessage.decode(response)
                    .<SaslStep>map(message -> message.requestsOtherIdentity()
                            ? new SaslStep.OtherIdentity()
                            : new SaslStep.Verify(new Credentials(message.authcid(), message.password())))
                    .orElseGet(SaslStep.Malformed::new);
            case LOGIN -> acceptLogin(response);
        };
    }

    private SaslStep acceptLogin(byte[] response) {
        Optional<String> text = SaslPlainMessage.utf8(response, 0, response.length);
        if (text.isEmpty() || text.get().isEmpty()) {
            return new SaslStep.Malformed();
        }
        if (username == null) {
            username = text.get();
            return new SaslStep.Challenge(PASSWORD_CHALLENGE);
        }
        return new SaslStep.Verify(new Credentials(username, text.get()));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
