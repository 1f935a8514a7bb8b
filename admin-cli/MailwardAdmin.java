/*
 * Mailward's administration commands, run by ./mailward in source-file mode: the REST API as the Keycloak client
 * mailward-cli, a system administrator's service account. ./mailward sets MAILWARD_WEB_URL, MAILWARD_KEYCLOAK_URL
 * and MAILWARD_CLI_CLIENT_SECRET (never on a command line). Exit status: 1 refused or unreachable, 2 usage error.
 */

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.*;
import java.net.http.*;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.*;
import java.util.function.Consumer;
import java.util.regex.*;
import java.util.stream.*;

public final class MailwardAdmin {

    /** The commands, read as they read: WORD an argument, [WORD] an optional one, [--option N] a number, [--flag]. */
    private static final List<String> USAGES = List.of(
            "domain create DOMAIN [--max-users N] [--hostname HOST]",
            "domain list [SEARCH]",
            "account create ADDRESS [--name NAME] [--password P|-] [--domain-admin] [--quota-mb N]",
            "account list DOMAIN [SEARCH]",
            "password reset ADDRESS [--password P|-]",
            "index rebuild [TARGET] [--all]");
    private static final Pattern ARGUMENT = Pattern.compile(" [A-Z]+(?= |$)");
    private static final Pattern OPTIONAL_ARGUMENT = Pattern.compile("\\[[A-Z]+]");
    private static final String CLIENT_ID = "mailward-cli";
    private static final int PAGE_SIZE = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PASSWORD_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final String PASSWORD_SYMBOLS = "%+-.:=_";

    private final String command;
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String webUrl = System.getenv().getOrDefault("MAILWARD_WEB_URL", "http://127.0.0.1:8080");
    private final String keycloakUrl = System.getenv().getOrDefault("MAILWARD_KEYCLOAK_URL", "http://127.0.0.1:8180")
            .replaceFirst("/+$", "");
    private String accessToken;

    public static void main(String[] args) {
        try {
            new MailwardAdmin(args).run();
        } catch (Abort e) {
            System.err.println("mailward: " + e.getMessage());
            System.exit(e.status);
        }
    }

    /** Reads the command line by the command's usage line. */
    private MailwardAdmin(String[] args) {
        command = String.join(" ", Arrays.copyOf(args, Math.min(args.length, 2)));
        String usage = USAGES.stream().filter(line -> args.length >= 2 && line.startsWith(command + " ")).findFirst()
                .orElseThrow(() -> usageError(args.length == 1 ? "'" + command + "' needs a subcommand"
                        : "unknown command '" + command + "'"));
        for (int i = 2; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                arguments.add(args[i]);
            } else if (usage.contains("[" + args[i] + "]")) {
                options.put(args[i], "");
            } else if (!usage.contains("[" + args[i] + " ")) {
                throw usageError("'" + command + "' has no option " + args[i]);
            } else if (i + 1 == args.length) {
                throw usageError(args[i] + " needs a value");
            } else if (usage.contains("[" + args[i] + " N]") && !args[i + 1].matches("\\d{1,9}")) {
                throw usageError(args[i] + " takes a whole number, not '" + args[i + 1] + "'");
            } else {
                options.put(args[i], args[++i]);
            }
        }
        long required = ARGUMENT.matcher(usage).results().count();
        long optional = OPTIONAL_ARGUMENT.matcher(usage).results().count();
        if (arguments.size() < required || arguments.size() > required + optional) {
            throw usageError("wrong number of arguments for '" + command + "'");
        }
        if (usage.contains("[TARGET] [--all]") && arguments.isEmpty() != options.containsKey("--all")) {
            throw usageError("'" + command + "' takes an address, a domain or --all");
        }
        if (usage.contains(" ADDRESS ") && !arguments.get(0).matches("[^@\\s]+@[^@\\s]+")) {
            throw usageError("'" + arguments.get(0) + "' is not an address like bob@example.org");
        }
    }

    private static Abort usageError(String problem) {
        return new Abort(2, USAGES.stream().map(usage -> "usage: ./mailward " + usage)
                .collect(Collectors.joining("\n", problem + "\n", "")));
    }

    private void run() {
        accessToken = signIn();
        switch (command) {
            case "domain create" -> createDomain();
            case "domain list" -> listDomains();
            case "account create" -> createAccount();
            case "account list" -> listAccounts();
            case "password reset" -> resetPassword();
            case "index rebuild" -> rebuildIndex();
        }
    }

    private String argument(int index) {
        return index < arguments.size() ? arguments.get(index) : null;
    }

    private Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    private void createDomain() {
        Map<String, Object> body = new HashMap<>(Map.of("name", arguments.get(0)));
        option("--hostname").ifPresent(hostname -> body.put("hostname", hostname));
        option("--max-users").ifPresent(maxUsers -> body.put("limits", Map.of("maxUsers", Long.valueOf(maxUsers))));
        System.out.println("domain " + text(call("POST", "/domains", body), "name") + " created");
    }

    private void listDomains() {
        printTable(List.of("DOMAIN", "STATUS", "USERS", "HOSTNAME"), listAll("/domains", argument(0)).stream()
                .map(domain -> List.of(text(domain, "name"), status(domain), text(domain, "usage", "users"),
                        text(domain, "hostname")))
                .toList());
    }

    private void createAccount() {
        Address address = new Address(arguments.get(0));
        String password = chosenPassword();
        Map<String, Object> body = new HashMap<>(Map.of("localPart", address.localPart(), "password", password,
                "role", options.containsKey("--domain-admin") ? "domain-admin" : "user"));
        option("--name").ifPresent(name -> body.put("displayName", name));
        option("--quota-mb").ifPresent(quotaMb -> body.put("quotaMb", Long.valueOf(quotaMb)));
        Object account = call("POST", "/domains/" + segment(address.domain()) + "/accounts", body);
        System.out.println("account " + text(account, "address") + " created (" + text(account, "role") + ")");
        showIfGenerated(password);
    }

    private void listAccounts() {
        printTable(List.of("ADDRESS", "NAME", "ROLE", "STATUS", "QUOTA_MB"),
                listAll("/domains/" + segment(arguments.get(0)) + "/accounts", argument(1)).stream()
                        .map(account -> List.of(text(account, "address"), text(account, "displayName"),
                                text(account, "role"), status(account),
                                number(account, "quotaMb") > 0 ? text(account, "quotaMb") : "unlimited"))
                        .toList());
    }

    private void resetPassword() {
        Address address = new Address(arguments.get(0));
        String password = chosenPassword();
        call("PUT", "/domains/" + segment(address.domain()) + "/accounts/" + segment(address.localPart()) + "/password",
                Map.of("password", password));
        System.out.println("password of " + arguments.get(0) + " reset");
        showIfGenerated(password);
    }

    /** The search index of an account (TARGET an address), a domain (TARGET a domain name), or all mail (--all). */
    private void rebuildIndex() {
        String target = argument(0);
        Map<String, Object> scope = target == null ? Map.of("all", true) : Map.of(target.contains("@") ? "account" : "domain", target);
        Object queued = call("POST", "/system/search-index/rebuild", scope);
        System.out.println("search index of " + (target == null ? "all mail" : target) + " rebuilding: "
                + text(queued, "queued") + " message(s) to index again");
    }

    /** A mailbox address, checked when the command line was read. */
    private record Address(String localPart, String domain) {
        Address(String address) {
            this(address.substring(0, address.indexOf('@')), address.substring(address.indexOf('@') + 1));
        }
    }

    /** The --password value; "-" reads it from standard input, so that it stays out of ps and shell history. */
    private String chosenPassword() {
        return option("--password").map(value -> value.equals("-") ? firstLineOfStandardInput() : value)
                .orElseGet(MailwardAdmin::generatePassword);
    }

    private static String firstLineOfStandardInput() {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw usageError("--password - reads the password from standard input, which was empty");
            }
            return line;
        } catch (IOException e) {
            throw usageError("cannot read the password from standard input: " + e.getMessage());
        }
    }

    private void showIfGenerated(String password) {
        if (!options.containsKey("--password")) {
            System.out.println("password (shown only now): " + password);
        }
    }

    /** 20 characters: letters and digits (upper case, lower case and a digit at least) and one symbol, never first. */
    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        String password;
        do {
            password = random.ints(19, 0, PASSWORD_LETTERS.length()).mapToObj(i -> PASSWORD_LETTERS.substring(i, i + 1))
                    .collect(Collectors.joining());
        } while (!password.matches("(?=.*[A-Z])(?=.*[a-z])(?=.*\\d).*"));
        int symbolAt = 1 + random.nextInt(19);
        return password.substring(0, symbolAt) + PASSWORD_SYMBOLS.charAt(random.nextInt(PASSWORD_SYMBOLS.length()))
                + password.substring(symbolAt);
    }

    private static String status(Object item) {
        return Boolean.TRUE.equals(field(item, "enabled")) ? "enabled" : "disabled";
    }

    private static void printTable(List<String> header, List<List<String>> rows) {
        List<List<String>> lines = Stream.concat(Stream.of(header), rows.stream()).toList();
        int[] widths = IntStream.range(0, header.size())
                .map(column -> lines.stream().mapToInt(line -> line.get(column).length()).max().orElse(0)).toArray();
        lines.forEach(line -> System.out.println(IntStream.range(0, widths.length)
                .mapToObj(column -> String.format("%-" + widths[column] + "s", line.get(column)))
                .collect(Collectors.joining("  ")).stripTrailing()));
    }

    /** Every item of a paged list, following "total". */
    private List<Object> listAll(String path, String search) {
        String filter = search == null ? "" : "search=" + URLEncoder.encode(search, StandardCharsets.UTF_8) + "&";
        List<Object> items = new ArrayList<>();
        while (true) {
            Object page = call("GET", path + "?" + filter + "offset=" + items.size() + "&limit=" + PAGE_SIZE, null);
            List<?> batch = field(page, "items") instanceof List<?> list ? list : List.of();
            items.addAll(batch);
            if (batch.isEmpty() || items.size() >= number(page, "total")) {
                return items;
            }
        }
    }

    /** Calls /api/v1 + path with the service account's token; the parsed answer, or null for an empty one. */
    private Object call(String method, String path, Object body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(webUrl + "/api/v1" + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), webUrl);
        if (response.statusCode() / 100 != 2) {
            throw new Abort(1, response.statusCode() + " " + message(response, "message"));
        }
        return response.body().isBlank() ? null : Json.parse(response.body());
    }

    /** The service account's access token, by the client-credentials grant. */
    private String signIn() {
        String secret = System.getenv().getOrDefault("MAILWARD_CLI_CLIENT_SECRET", "");
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(keycloakUrl + "/realms/mailward/protocol/openid-connect/token")).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + CLIENT_ID
                        + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8))).build(), keycloakUrl);
        if (response.statusCode() != 200) {
            throw new Abort(1, "Keycloak at " + keycloakUrl + " refused the client " + CLIENT_ID + ": "
                    + response.statusCode() + " " + message(response, "error_description", "error")
                    + " (its realm needs that client, with the secret in the data directory's secrets.properties)");
        }
        return text(Json.parse(response.body()), "access_token");
    }

    private HttpResponse<String> send(HttpRequest request, String server) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new Abort(1, e instanceof ConnectException ? "Mailward is not running at " + server
                    + " (start it with ./mailward run)" : "cannot reach " + server + ": " + e);
        }
    }

    /** An error answer's message: the first of the fields of a JSON object that is text, else the answer without markup. */
    private static String message(HttpResponse<String> response, String... fields) {
        Object json = response.body().strip().startsWith("{") ? Json.parse(response.body()) : null;
        String text = Arrays.stream(fields).map(name -> field(json, name)).filter(String.class::isInstance)
                .map(String.class::cast).findFirst().orElse(response.body().replaceAll("(<[^>]*>|\\s)+", " ").strip());
        return text.isBlank() ? "(no message)" : text;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Ends the run with a message on stderr and an exit status. */
    private static final class Abort extends RuntimeException {
        final int status;
        Abort(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The value at a path of object fields, or null when a step is missing. */
    private static Object field(Object json, String... path) {
        Object value = json;
        for (String name : path) {
            value = value instanceof Map<?, ?> object ? object.get(name) : null;
        }
        return value;
    }

    private static String text(Object json, String... path) {
        Object value = field(json, path);
        return value == null || value.toString().isEmpty() ? "-" : value.toString();
    }

    private static long number(Object json, String... path) {
        return field(json, path) instanceof Number number ? number.longValue() : 0;
    }

    /** Reads JSON as Map (fields in order), List, String, BigDecimal, Boolean and null; writes what the requests send. */
    private static final class Json {
        private static final Pattern SCALAR =
                Pattern.compile("true|false|null|-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");
        private static final String ESCAPES = "\"\\/bfnrt", ESCAPED = "\"\\/\b\f\n\r\t";
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        /** The value in text; malformed JSON ends the run. */
        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            if (json.more()) {
                throw json.error("text after the value");
            }
            return value;
        }

        private Object value() {
            return switch (more() ? text.charAt(at) : '\0') {
                case '{' -> members('}', new LinkedHashMap<String, Object>(), object -> {
                    String name = string();
                    expect(':');
                    object.put(name, value());
                });
                case '[' -> members(']', new ArrayList<Object>(), array -> array.add(value()));
                case '"' -> string();
                default -> scalar();
            };
        }

        /** Fills an object or array from its opening character to close, one member at a time. */
        private <T> T members(char close, T container, Consumer<T> readMember) {
            at++;
            if (!consume(close)) {
                do {
                    readMember.accept(container);
                } while (consume(','));
                expect(close);
            }
            return container;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                } else if (c != '\\') {
                    out.append(c);
                } else if (at < text.length() && ESCAPES.indexOf(text.charAt(at)) >= 0) {
                    out.append(ESCAPED.charAt(ESCAPES.indexOf(text.charAt(at++))));
                } else if (text.startsWith("u", at) && at + 5 <= text.length()
                        && text.substring(at + 1, at + 5).chars().allMatch(HexFormat::isHexDigit)) {
                    out.append((char) HexFormat.fromHexDigits(text, at + 1, at + 5));
                    at += 5;
                } else {
                    throw error("a bad escape");
                }
            }
            throw error("an unterminated string");
        }

        private Object scalar() {
            Matcher scalar = SCALAR.matcher(text).region(at, text.length());
            if (!scalar.lookingAt()) {
                throw error(at < text.length() ? "an unexpected character" : "a value missing");
            }
            at = scalar.end();
            return switch (scalar.group()) {
                case "true", "false" -> Boolean.valueOf(scalar.group());
                case "null" -> null;
                default -> new BigDecimal(scalar.group());
            };
        }

        /** Skips white space; whether text remains. */
        private boolean more() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            return at < text.length();
        }

        private boolean consume(char c) {
            boolean found = more() && text.charAt(at) == c;
            at += found ? 1 : 0;
            return found;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw error("'" + c + "' expected");
            }
        }

        private Abort error(String problem) {
            return new Abort(1, "the server answered malformed JSON: " + problem + " at offset " + at);
        }

        static String write(Object value) {
            return switch (value) {
                case Map<?, ?> object -> object.entrySet().stream()
                        .map(entry -> quote(entry.getKey().toString()) + ":" + write(entry.getValue()))
                        .collect(Collectors.joining(",", "{", "}"));
                case String string -> quote(string);
                case Number number -> number.toString();
                case Boolean bool -> bool.toString();
                default -> throw new IllegalArgumentException("no JSON for " + value);
            };
        }

        private static String quote(String string) {
            return string.chars().mapToObj(c -> c == '"' || c == '\\' ? "\\" + (char) c
                            : c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c))
                    .collect(Collectors.joining("", "\"", "\""));
        }
    }
}
