package org.mailward.mailbox.structure;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.function.Function;

/**
 * One MIME entity of a stored message: where its header and body lie (octets from the start of
 * the message) and its MIME fields as IMAP reports them. Type, subtype, parameters and the other
 * field values are as the message wrote them; where the message left a field out, the RFC 2045
 * default is filled in, in upper case ({@code TEXT/PLAIN; CHARSET=US-ASCII}, {@code 7BIT}), as is
 * {@code CHARSET=US-ASCII} for a text part without parameters.
 *
 * <p>As JSON, a part is an object whose members are named as the components here; null and
 * empty ones are left out, and parameters are {@code [name, value]} pairs, in order.
 *
 * @param headerStart where the header block starts; the body starts after its empty line
 * @param end where the body ends: the line end before a boundary belongs to the boundary
 * @param lines the line ends within the body
 * @param parts a multipart's parts, empty for any other type
 * @param message a message/rfc822 part's embedded message, otherwise {@code null}
 * @param envelope the envelope fields of a message (the top level or an embedded one), otherwise {@code null}
 */
public record MimePart(long headerStart, long bodyStart, long end, long lines, String type, String subtype,
                       List<Parameter> parameters, String id, String description, String encoding,
                       String disposition, List<Parameter> dispositionParameters, List<String> languages,
                       String location, List<MimePart> parts, MimePart message, ImapEnvelope envelope) {

    /** A Content-Type or Content-Disposition parameter, name and value as written (quotes removed). */
    public record Parameter(String name, String value) {
    }

    public MimePart {
        parameters = List.copyOf(parameters);
        dispositionParameters = List.copyOf(dispositionParameters);
        languages = List.copyOf(languages);
        parts = List.copyOf(parts);
    }

    /** The body's size in octets as stored, which is what IMAP calls its size. */
    public long size() {
        return end - bodyStart;
    }

    public boolean isMultipart() {
        return type.equalsIgnoreCase("multipart");
    }

    public boolean isText() {
        return type.equalsIgnoreCase("text");
    }

    /** A message/rfc822 part with its embedded message parsed. */
    public boolean isMessage() {
        return message != null;
    }

    JsonObject toJson(JsonBuilderFactory json) {
        JsonObjectBuilder part = json.createObjectBuilder()
                .add("headerStart", headerStart).add("bodyStart", bodyStart).add("end", end).add("lines", lines)
                .add("type", type).add("subtype", subtype);
        addParameters(json, part, "parameters", parameters);
        addIfPresent(part, "id", id);
        addIfPresent(part, "description", description);
        part.add("encoding", encoding);
        addIfPresent(part, "disposition", disposition);
        addParameters(json, part, "dispositionParameters", dispositionParameters);
        if (!languages.isEmpty()) {
            part.add("languages", json.createArrayBuilder(languages));
        }
        addIfPresent(part, "location", location);
        if (!parts.isEmpty()) {
            JsonArrayBuilder children = json.createArrayBuilder();
            parts.forEach(child -> children.add(child.toJson(json)));
            part.add("parts", children);
        }
        if (message != null) {
            part.add("message", message.toJson(json));
        }
        if (envelope != null) {
            part.add("envelope", envelope.toJson(json));
        }
        return part.build();
    }

    static MimePart fromJson(JsonObject json) {
        return new MimePart(json.getJsonNumber("headerStart").longValueExact(),
                json.getJsonNumber("bodyStart").longValueExact(), json.getJsonNumber("end").longValueExact(),
                json.getJsonNumber("lines").longValueExact(), json.getString("type"), json.getString("subtype"),
                parameters(json, "parameters"), stringOrNull(json, "id"), stringOrNull(json, "description"),
                json.getString("encoding"), stringOrNull(json, "disposition"),
                parameters(json, "dispositionParameters"),
                list(json, "languages", value -> ((JsonString) value).getString()), stringOrNull(json, "location"),
                list(json, "parts", value -> fromJson(value.asJsonObject())),
                json.get("message") instanceof JsonObject message ? fromJson(message) : null,
                json.get("envelope") instanceof JsonObject envelope ? ImapEnvelope.fromJson(envelope) : null);
    }

    /** Parameters as pairs {@code [name, value]}: a list keeps their order and any repeated name. */
    private static void addParameters(JsonBuilderFactory json, JsonObjectBuilder part, String key,
                                      List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            return;
        }
        JsonArrayBuilder pairs = json.createArrayBuilder();
        parameters.forEach(p -> pairs.add(json.createArrayBuilder().add(p.name()).add(p.value())));
        part.add(key, pairs);
    }

    private static List<Parameter> parameters(JsonObject json, String key) {
        return list(json, key, value -> {
            JsonArray pair = value.asJsonArray();
            return new Parameter(pair.getString(0), pair.getString(1));
        });
    }

    private static <T> List<T> list(JsonObject json, String key, Function<JsonValue, T> element) {
        return json.get(key) instanceof JsonArray array ? array.stream().map(element).toList() : List.of();
    }

    static void addIfPresent(JsonObjectBuilder builder, String name, String value) {
        if (value != null) {
            builder.add(name, value);
        }
    }

    static String stringOrNull(JsonObject json, String name) {
        return json.get(name) instanceof JsonString string ? string.getString() : null;
    }
}
