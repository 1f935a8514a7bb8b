package org.mailward.connector.auth;

/** What a {@link SaslExchange} makes of the client's latest response; each protocol frames it its own way. */
public sealed interface SaslStep {

    /** Send this base64 challenge (possibly empty) and wait for the client's next response line. */
    record Challenge(String base64) implements SaslStep {
    }

    /** The exchange is complete: verify these credentials with the backend. */
    record Verify(Credentials credentials) implements SaslStep {
    }

    /** The client answered {@code *}. */
    record Cancelled() implements SaslStep {
    }

    /** The response was not valid base64. */
    record NotBase64() implements SaslStep {
    }

    /** The decoded response is not a well-formed message of the mechanism. */
    record Malformed() implements SaslStep {
    }

    /** PLAIN asked to act as another identity; Mailward does not do proxy authorization. */
    record OtherIdentity() implements SaslStep {
    }
}
