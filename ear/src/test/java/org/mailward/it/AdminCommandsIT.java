package org.mailward.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The administration commands as an operator runs them: the real {@code ./mailward domain|account|password|index}
 * as processes against the server under test, through the REST API as the Keycloak client mailward-cli.
 */
class AdminCommandsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern GENERATED = Pattern.compile("password \\(shown only now\\): (\\S+)");
    private static final String GIVEN_PASSWORD = "Staple-Battery-9-Horse";

    /** What a command printed, and how it ended. */
    private record Run(int exitCode, String out, String err) {

        String all() {
            return out + err;
        }
    }

    @Test
    void aDomainIsCreatedAndListed() throws Exception {
        String domain = uniqueDomain();
        Run created = mailward("domain", "create", domain, "--max-users", "5", "--hostname", "mail." + domain);
        assertEquals(0, created.exitCode(), created.all());
        assertEquals("domain " + domain + " created\n", created.out());

        Run searched = mailward("domain", "list", domain);
        assertEquals(0, searched.exitCode(), searched.all());
        assertEquals(List.of("DOMAIN", "STATUS", "USERS", "HOSTNAME"), columns(searched.out().lines().findFirst().orElseThrow()));
        assertEquals(List.of(domain, "enabled", "0", "mail." + domain), row(searched, domain));

        Run all = mailward("domain", "list");
        assertEquals(0, all.exitCode(), all.all());
        assertEquals(List.of(domain, "enabled", "0", "mail." + domain), row(all, domain), "every page is read");
    }

    @Test
    void aDuplicateDomainIsRefusedWithTheApisConflict() throws Exception {
        String domain = uniqueDomain();
        assertEquals(0, mailward("domain", "create", domain).exitCode());

        Run again = mailward("domain", "create", domain);
        assertEquals(1, again.exitCode(), again.all());
        assertTrue(again.err().startsWith("mailward: 409 "), again.err());
        assertEquals("", again.out());
    }

    @Test
    void anAccountGetsAGeneratedPasswordShownOnceAndIsListed() throws Exception {
        String domain = uniqueDomain();
        assertEquals(0, mailward("domain", "create", domain).exitCode());

        Run created = mailward("account", "create", "bob@" + domain, "--name", "Bob Smith", "--domain-admin",
                "--quota-mb", "100");
        assertEquals(0, created.exitCode(), created.all());
        assertTrue(created.out().startsWith("account bob@" + domain + " created (domain-admin)\n"), created.out());
        String password = generatedPassword(created);
        assertEquals(1, occurrences(created.all(), password), "the password is printed exactly once");

        Run listed = mailward("account", "list", domain);
        assertEquals(0, listed.exitCode(), listed.all());
        assertEquals(List.of("ADDRESS", "NAME", "ROLE", "STATUS", "QUOTA_MB"), columns(listed.out().lines().findFirst().orElseThrow()));
        assertEquals(List.of("bob@" + domain, "Bob Smith", "domain-admin", "enabled", "100"), row(listed, "bob@" + domain));
        assertFalse(listed.all().contains(password), "a list never shows a password");
    }

    @Test
    void aPasswordResetTakesAGeneratedPasswordAndTheApiRefusesAShortOne() throws Exception {
        String domain = uniqueDomain();
        assertEquals(0, mailward("domain", "create", domain).exitCode());
        Run created = mailward("account", "create", "carol@" + domain, "--password", GIVEN_PASSWORD);
        assertEquals(0, created.exitCode(), created.all());
        assertFalse(created.out().contains("shown only now"), "a given password is not echoed: " + created.out());

        Run reset = mailward("password", "reset", "carol@" + domain);
        assertEquals(0, reset.exitCode(), reset.all());
        assertTrue(reset.out().startsWith("password of carol@" + domain + " reset\n"), reset.out());
        assertEquals(1, occurrences(reset.all(), generatedPassword(reset)));

        Run piped = execute(Map.of(), "Piped-Password-From-Stdin-7\n", "password", "reset", "carol@" + domain, "--password", "-");
        assertEquals(0, piped.exitCode(), piped.all());
        assertDoesNotThrow(() -> ItEnvironment.accessToken("carol@" + domain, "Piped-Password-From-Stdin-7"),
                "the password read from standard input is the one Keycloak now accepts");

        Run tooShort = mailward("password", "reset", "carol@" + domain, "--password", "x");
        assertEquals(1, tooShort.exitCode(), tooShort.all());
        assertTrue(tooShort.err().startsWith("mailward: 400 "), tooShort.err());
    }

    @Test
    void theSearchIndexOfAnAccountOrADomainIsRebuilt() throws Exception {
        String domain = uniqueDomain();
        assertEquals(0, mailward("domain", "create", domain).exitCode());
        assertEquals(0, mailward("account", "create", "dan@" + domain, "--password", GIVEN_PASSWORD).exitCode());

        Run account = mailward("index", "rebuild", "dan@" + domain);
        assertEquals(0, account.exitCode(), account.all());
        assertEquals("search index of dan@" + domain + " rebuilding: 0 message(s) to index again\n", account.out());
        Run wholeDomain = mailward("index", "rebuild", domain);
        assertEquals(0, wholeDomain.exitCode(), wholeDomain.all());
        assertTrue(wholeDomain.out().startsWith("search index of " + domain + " rebuilding: "), wholeDomain.out());

        Run unknown = mailward("index", "rebuild", "nobody@" + domain);
        assertEquals(1, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().startsWith("mailward: 404 "), unknown.err());
    }

    @Test
    void usageErrorsExitWith2AndShowTheUsage() throws Exception {
        List<List<String>> wrong = List.of(List.of("domain"), List.of("domain", "create"), List.of("domain", "rename", "a.test"),
                List.of("account", "create", "not-an-address"), List.of("domain", "create", "a.test", "--max-users", "many"),
                List.of("account", "list"), List.of("password", "reset", "bob@a.test", "--password"),
                List.of("domain", "list", "--no-such-option"), List.of("index", "rebuild"),
                List.of("index", "rebuild", "a.test", "--all"));
        for (List<String> args : wrong) {
            Run run = mailward(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), args + ": " + run.all());
            assertTrue(run.err().startsWith("mailward: "), args + ": " + run.err());
            assertTrue(run.err().contains("usage: ./mailward domain create DOMAIN"), args + ": " + run.err());
        }
        Run unknown = mailward("no-such-command");
        assertEquals(2, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().contains("./mailward password reset ADDRESS"), "the launcher's help lists the commands");
    }

    @Test
    void aServerThatIsNotRunningIsNamed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String keycloak = "http://127.0.0.1:" + closedPort;
        Run run = mailward(Map.of("MAILWARD_KEYCLOAK_URL", keycloak), "domain", "list");
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("mailward: Mailward is not running at " + keycloak + " (start it with ./mailward run)\n", run.err());
    }

    private static String uniqueDomain() {
        return "cli-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    private static Run mailward(String... args) throws IOException, InterruptedException {
        return execute(Map.of(), "", args);
    }

    private static Run mailward(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return execute(environment, "", args);
    }

    /** Runs ./mailward from the project's root on the data directory of the server under test, with {@code input} on stdin. */
    private static Run execute(Map<String, String> environment, String input, String... args) throws IOException, InterruptedException {
        Path root = projectRoot();
        List<String> command = new ArrayList<>(List.of(root.resolve("mailward").toString()));
        command.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("mailward-cli", ".out");
        Path err = Files.createTempFile("mailward-cli", ".err");
        Path in = Files.writeString(Files.createTempFile("mailward-cli", ".in"), input);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("MAILWARD_KEYCLOAK_URL");
            builder.environment().put("MAILWARD_DATA", ItEnvironment.dataDirectory().toString());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("./mailward " + String.join(" ", args) + " did not end within " + TIMEOUT);
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(in);
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** The folder holding ./mailward: Failsafe runs in ear/. */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("mailward")) && Files.isDirectory(dir.resolve("admin-cli"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no ./mailward above " + Path.of("").toAbsolutePath());
    }

    /** A table line's cells: columns are two or more spaces apart. */
    private static List<String> columns(String line) {
        return List.of(line.strip().split(" {2,}"));
    }

    private static List<String> row(Run list, String firstCell) {
        return list.out().lines().map(AdminCommandsIT::columns).filter(cells -> cells.get(0).equals(firstCell))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + firstCell + " in:\n" + list.out()));
    }

    /** The generated password: 20 characters, letters of both cases and digits, and one symbol. */
    private static String generatedPassword(Run run) {
        Matcher line = GENERATED.matcher(run.out());
        assertTrue(line.find(), "a generated password is shown: " + run.out());
        String password = line.group(1);
        assertEquals(20, password.length(), password);
        assertTrue(password.matches("(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])[A-Za-z0-9]*[^A-Za-z0-9][A-Za-z0-9]*"), password);
        return password;
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
