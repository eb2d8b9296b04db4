package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Principal;
import dev.chat.core.port.in.Accounts;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;

/** A request's parts, copied off the Netty buffer so the work can leave the event loop; its body read as JSON when asked. */
final class HttpCall {

    final HttpMethod method;
    final String path;
    final QueryStringDecoder uri;
    final String token;
    final boolean secure;
    final String ifNoneMatch;
    /** Whether the client's {@code Accept-Encoding} takes gzip. */
    final boolean acceptsGzip;

    final ClientAddress from;
    final String host;
    /** The {@code Idempotency-Key} header, or null. */
    final String idempotencyKey;

    private final String rawBody;
    private ObjectNode body;

    HttpCall(
            HttpMethod method,
            String path,
            QueryStringDecoder uri,
            String token,
            String rawBody,
            boolean secure,
            String ifNoneMatch,
            boolean acceptsGzip,
            ClientAddress from,
            String host,
            String idempotencyKey) {
        this.method = method;
        this.path = path;
        this.uri = uri;
        this.token = token;
        this.rawBody = rawBody;
        this.secure = secure;
        this.ifNoneMatch = ifNoneMatch;
        this.acceptsGzip = acceptsGzip;
        this.from = from;
        this.host = host;
        this.idempotencyKey = idempotencyKey;
    }

    /** Who sent it: {@code unauthorized} without a live session. */
    Principal principal(Accounts accounts) {
        return accounts.authenticate(token)
                .orElseThrow(() -> new ChatException(ErrorCode.UNAUTHORIZED, "Sign in first."));
    }

    /** A string field of the body that must be there. */
    String text(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw new BadRequest("Missing '" + field + "'.");
        }
        return value;
    }

    /** A whole-number field of the body that must be there. */
    long wholeNumber(String field) {
        JsonNode value = body().get(field);
        if (value == null || value.isNull()) {
            throw new BadRequest("Missing '" + field + "'.");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BadRequest("'" + field + "' must be a whole number.");
        }
        return value.asLong();
    }

    /** A field of the body that must be an array of strings. */
    List<String> texts(String field) {
        JsonNode value = body().get(field);
        if (value == null || !value.isArray()) {
            throw new BadRequest("'" + field + "' must be an array of strings.");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new BadRequest("'" + field + "' must be an array of strings.");
            }
            texts.add(item.asText());
        }
        return texts;
    }

    /** Whether the body has the field, not JSON null. */
    boolean has(String field) {
        JsonNode value = body().get(field);
        return value != null && !value.isNull();
    }

    /** A string field of the body, or null when absent or JSON null. */
    String optionalText(String field) {
        return optionalText(body(), field);
    }

    private ObjectNode body() {
        if (body == null) {
            body = bodyObject(rawBody);
        }
        return body;
    }

    /** A request body as the API reads it: a JSON object, an empty body being {@code {}}. */
    static ObjectNode bodyObject(String rawBody) {
        try {
            return Json.parseObject(rawBody.isEmpty() ? "{}" : rawBody);
        } catch (ProtocolException e) {
            throw new BadRequest("The body must be a JSON object.");
        }
    }

    /** A string field of a request body, or null when absent or JSON null. */
    static String optionalText(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequest("'" + field + "' must be a string.");
        }
        return value.asText();
    }
}
