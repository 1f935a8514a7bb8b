package org.mailward.transport.dkim;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An independent DKIM verifier for tests: dkimpy (Debian's {@code python3-dkim}), which shares no
 * code with Mailward's signer, with keys taken from the TXT records given instead of from DNS.
 * The unit tests use it, and the integration tests through the ejb module's test jar. The Python
 * interpreter is {@code /usr/bin/python3} (where Debian installs the package) unless the system
 * property {@code mailward.test.python} names another.
 */
public final class DkimVerifier {

    /** One DKIM-Signature's outcome: its {@code d=}, {@code s=} and {@code a=}, and the verifier's reason. */
    public record Outcome(String domain, String selector, String algorithm, boolean pass, String reason) {
    }

    private static final String SCRIPT = "dkim-verify.py";
    private static final long TIMEOUT_SECONDS = 120;

    private DkimVerifier() {
    }

    /**
     * Each signature's outcome, or an AssertionError with the verifier's reasons unless the message
     * has at least one DKIM-Signature and every one verifies.
     *
     * @param txtRecordsByName TXT records by name, such as {@code "s1._domainkey.a.test" -> "v=DKIM1; k=rsa; p=..."}
     */
    public static List<Outcome> verify(byte[] rawMessage, Map<String, String> txtRecordsByName) {
        List<Outcome> outcomes = check(rawMessage, txtRecordsByName);
        if (outcomes.isEmpty() || !outcomes.stream().allMatch(Outcome::pass)) {
            throw new AssertionError(outcomes.isEmpty() ? "The message has no DKIM-Signature"
                    : "Not every DKIM signature verifies: " + outcomes);
        }
        return outcomes;
    }

    /** Each DKIM-Signature's outcome, top to bottom; empty when there is none. */
    public static List<Outcome> check(byte[] rawMessage, Map<String, String> txtRecordsByName) {
        String records = Json.createObjectBuilder(Map.<String, Object>copyOf(txtRecordsByName)).build().toString();
        Process python;
        try {
            python = new ProcessBuilder(python(), "-c", script(), records).start();
        } catch (IOException e) {
            throw new AssertionError("Cannot start " + python() + " for the DKIM verifier: " + e.getMessage(), e);
        }
        try {
            try (OutputStream stdin = python.getOutputStream()) {
                stdin.write(rawMessage);
            } catch (IOException e) {
                // It stopped before reading everything: its error output says why.
            }
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!python.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                python.destroyForcibly();
                throw new AssertionError("The DKIM verifier did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (errors.contains("No module named 'dkim'")) {
                throw new AssertionError("The DKIM verifier needs Debian's python3-dkim: apt-get install python3-dkim");
            }
            if (python.exitValue() != 0) {
                throw new AssertionError("The DKIM verifier failed (exit " + python.exitValue() + "): " + errors);
            }
            return Json.createReader(new StringReader(output)).readArray().getValuesAs(JsonObject.class).stream()
                    .map(o -> new Outcome(string(o, "d"), string(o, "s"), string(o, "a"), o.getBoolean("pass"), o.getString("reason")))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError("Cannot talk to the DKIM verifier: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while the DKIM verifier ran", e);
        } finally {
            python.destroy();
        }
    }

    private static String python() {
        String configured = System.getProperty("mailward.test.python");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static String script() throws IOException {
        try (InputStream in = DkimVerifier.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString text ? text.getString() : null;
    }
}
