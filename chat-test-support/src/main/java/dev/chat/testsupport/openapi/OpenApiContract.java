package dev.chat.testsupport.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's OpenAPI description (chat-adapters-netty's {@value #RESOURCE}, read from the class path once per JVM)
 * as a judge of HTTP exchanges: the path, the method and the status must be described, the response's content type
 * and body must match the schema described for that status, its required headers must be there, and a request the
 * server accepted (2xx) must have matched its description (parameters, body, credentials).
 *
 * <p>Requests the server refused are not held to the description: tests send malformed ones on purpose (the hostile
 * input and abuse suites), and what matters then is that the refusal is one the description promises. Paths outside
 * the description and outside {@code /api/} (static files, another port's {@code /metrics}) are not checked, except
 * that a JSON error from them must have the error shape. {@code HEAD} is not checked.
 */
public final class OpenApiContract {

    /** Where the description is on the class path: chat-adapters-netty's resources, also in chat-app's jar. */
    public static final String RESOURCE = "dev/chat/adapters/netty/openapi.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SHOWN_BODY = 600;

    private final JsonNode document;
    private final List<PathTemplate> paths = new ArrayList<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    /** Compiled once each, by the schema node of the document they come from (its identity: the nodes never change). */
    private final Map<JsonNode, Schema> schemas = Collections.synchronizedMap(new IdentityHashMap<>());

    private OpenApiContract(JsonNode document) {
        this.document = document;
        document.path("paths").properties().forEach(e -> paths.add(new PathTemplate(e.getKey(), e.getValue())));
    }

    /** The description on the class path, read and parsed once per JVM. */
    public static OpenApiContract chat() {
        return Holder.CHAT;
    }

    /** A description given as text (for the validator's own tests). */
    public static OpenApiContract of(String json) {
        try {
            return new OpenApiContract(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static final class Holder {
        static final OpenApiContract CHAT = load();

        private static OpenApiContract load() {
            try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the class path: the module's tests need "
                            + "chat-adapters-netty (or chat-app) on theirs");
                }
                return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every way the exchange departs from the description; empty when it matches. */
    public List<String> check(HttpExchange exchange) {
        String method = exchange.method().toLowerCase(Locale.ROOT);
        if (method.equals("head")) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String path = exchange.uri().getRawPath();
        PathTemplate.Match match = match(path);
        JsonNode errorResponse = document.at("/components/responses/Error");
        if (match == null) {
            if (path.startsWith("/api/")) {
                if (exchange.status() < 400) {
                    problems.add("the path is not described, yet the server answered " + exchange.status());
                }
                checkResponse(exchange, errorResponse, "error", problems);
            } else if (exchange.status() >= 400 && isJson(exchange)) {
                checkResponse(exchange, errorResponse, "error", problems);
            }
            return problems;
        }
        JsonNode operation = match.template().item().get(method);
        if (operation == null) {
            if (exchange.status() < 400) {
                problems.add(method.toUpperCase(Locale.ROOT) + " "
                        + match.template().path() + " is not described, yet the server answered " + exchange.status());
            }
            checkResponse(exchange, errorResponse, "error", problems);
            return problems;
        }
        String where = operation
                .path("operationId")
                .asText(method + " " + match.template().path());
        JsonNode response = responseFor(operation, exchange.status());
        if (response == null) {
            problems.add("status " + exchange.status() + " is not described for " + where + " (described: "
                    + String.join(", ", names(operation.path("responses"))) + ")");
        } else {
            checkResponse(exchange, response, where, problems);
        }
        if (exchange.status() >= 200 && exchange.status() < 300) {
            checkRequest(exchange, match, operation, where, problems);
        }
        return problems;
    }

    /** A message that names the exchange, each problem, and the bodies. */
    public static String describe(HttpExchange exchange, List<String> problems) {
        StringBuilder message = new StringBuilder("The HTTP exchange ")
                .append(exchange)
                .append(" does not match the OpenAPI description (")
                .append(RESOURCE)
                .append("):");
        problems.forEach(p -> message.append("\n  - ").append(p));
        if (exchange.requestBody() != null && !exchange.requestBody().isEmpty()) {
            message.append("\n  request body: ").append(shorten(exchange.requestBody()));
        }
        if (exchange.responseBody() != null) {
            message.append("\n  response body: ").append(shorten(exchange.responseBody()));
        }
        return message.toString();
    }

    private JsonNode responseFor(JsonNode operation, int status) {
        JsonNode responses = operation.path("responses");
        JsonNode response = responses.get(String.valueOf(status));
        if (response == null) {
            response = responses.get(status / 100 + "XX");
        }
        if (response == null && status >= 400) {
            response = responses.get("default");
        }
        return response == null ? null : resolve(response);
    }

    private void checkResponse(HttpExchange exchange, JsonNode response, String where, List<String> problems) {
        response.path("headers").properties().forEach(header -> {
            if (resolve(header.getValue()).path("required").asBoolean(false)
                    && exchange.responseHeader(header.getKey()).isEmpty()) {
                problems.add("the response has no " + header.getKey() + " header");
            }
        });
        String body = exchange.responseBody();
        JsonNode content = response.get("content");
        if (content == null || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                problems.add("the response has a body where none is described");
            }
            return;
        }
        String type = baseType(exchange.responseHeader("Content-Type").orElse(""));
        JsonNode media = content.get(type);
        if (media == null) {
            problems.add(
                    "the response's Content-Type is '" + type + "', described: " + String.join(", ", names(content)));
            return;
        }
        if (body == null || !type.endsWith("json") || !media.has("schema")) {
            return;
        }
        validate(body, media.get("schema"), "response body", problems);
    }

    private void checkRequest(
            HttpExchange exchange, PathTemplate.Match match, JsonNode operation, String where, List<String> problems) {
        List<JsonNode> parameters = new ArrayList<>();
        match.template().item().path("parameters").forEach(p -> parameters.add(resolve(p)));
        operation.path("parameters").forEach(p -> parameters.add(resolve(p)));
        Map<String, List<String>> query = QueryParameters.of(exchange.uri().getRawQuery());
        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            String value = null;
            if (in.equals("path")) {
                value = match.params().get(name);
            } else if (in.equals("query")) {
                List<String> values = query.get(name);
                value = values == null || values.get(0).isEmpty() ? null : values.get(0);
            } else {
                continue;
            }
            if (value == null) {
                if (parameter.path("required").asBoolean(false)) {
                    problems.add("the request has no " + in + " parameter '" + name + "', which is required");
                }
                continue;
            }
            String type = parameter.path("schema").path("type").asText("string");
            if (type.equals("integer") && !isWholeNumber(value)) {
                problems.add("the " + in + " parameter '" + name + "' is '" + value
                        + "', not a whole number; the server accepted it");
            }
        }
        JsonNode requestBody = operation.get("requestBody");
        if (requestBody != null) {
            JsonNode schema = resolve(requestBody)
                    .path("content")
                    .path("application/json")
                    .get("schema");
            String body = exchange.requestBody();
            if (schema != null && body != null) {
                validate(body.isEmpty() ? "{}" : body, schema, "request body (the server accepted it)", problems);
            }
        }
        if (needsCredentials(operation) && !hasCredentials(exchange)) {
            problems.add(where + " needs a session (bearer token or chat_session cookie), yet the server answered "
                    + exchange.status() + " to a request without one");
        }
    }

    private boolean needsCredentials(JsonNode operation) {
        JsonNode security = operation.has("security") ? operation.get("security") : document.path("security");
        if (security.isEmpty()) {
            return false;
        }
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasCredentials(HttpExchange exchange) {
        boolean bearer = exchange.requestHeader("Authorization")
                .map(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
                .orElse(false);
        return bearer
                || exchange.requestHeader("Cookie")
                        .map(c -> c.contains("chat_session="))
                        .orElse(false);
    }

    private void validate(String text, JsonNode schemaNode, String what, List<String> problems) {
        JsonNode instance;
        try {
            instance = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add("the " + what + " is not JSON");
            return;
        }
        Schema schema = schemas.computeIfAbsent(schemaNode, this::compile);
        schema.validate(instance).forEach(error -> {
            String found = error.toString();
            problems.add(what + (found.startsWith(":") ? found : " at " + found));
        });
    }

    /**
     * The schema as a document of its own that carries the description's components, so that its {@code $ref}s to
     * {@code #/components/schemas/…} resolve in it.
     */
    private Schema compile(JsonNode schemaNode) {
        ObjectNode standalone = JSON.createObjectNode();
        standalone.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        standalone.set("components", document.path("components"));
        standalone.putArray("allOf").add(schemaNode);
        return registry.getSchema(standalone.toString(), InputFormat.JSON);
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref != null && ref.asText().startsWith("#/")
                ? document.at(ref.asText().substring(1))
                : node;
    }

    private PathTemplate.Match match(String rawPath) {
        PathTemplate.Match best = null;
        for (PathTemplate template : paths) {
            PathTemplate.Match match = template.match(rawPath);
            if (match != null && (best == null || match.literals() > best.literals())) {
                best = match;
            }
        }
        return best;
    }

    private static boolean isJson(HttpExchange exchange) {
        return baseType(exchange.responseHeader("Content-Type").orElse("")).endsWith("json");
    }

    private static String baseType(String contentType) {
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isWholeNumber(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = object.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static String shorten(String body) {
        return body.length() <= MAX_SHOWN_BODY ? body : body.substring(0, MAX_SHOWN_BODY) + "…";
    }

    /** A query string's parameters, percent-decoded. */
    private static final class QueryParameters {
        static Map<String, List<String>> of(String rawQuery) {
            Map<String, List<String>> parameters = new HashMap<>();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return parameters;
            }
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                String key = decode(kv[0]);
                parameters.computeIfAbsent(key, k -> new ArrayList<>()).add(kv.length > 1 ? decode(kv[1]) : "");
            }
            return parameters;
        }
    }

    static String decode(String component) {
        try {
            return URLDecoder.decode(component.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return component;
        }
    }
}
