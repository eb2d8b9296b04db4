package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Every parser of the HTTP API, fed what a client can send: each input ends as a value or as the API's own
 * errors ({@code BadRequest} → 400 {@code bad_request}, {@link ChatException} → its status); nothing else may
 * escape, since on the worker pool that is a 500 and on the event loop a dropped connection. See docs/fuzzing.md.
 */
class HttpParsersFuzzTest {

    /** The server's default {@code maxBodyBytes}: a longer body is refused with 413 before parsing. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** {@code HttpServerCodec}'s limit on the request line in {@link ChatChannelInitializer}. */
    static final int MAX_INITIAL_LINE = 4096;

    private static final List<HttpMethod> METHODS = List.of(
            HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.HEAD, HttpMethod.PUT);

    @FuzzTest(maxDuration = "15s")
    void any_request_body_is_a_json_object_or_a_bad_request(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return;
        }
        ObjectNode object;
        try {
            object = HttpCall.bodyObject(new String(body, StandardCharsets.UTF_8));
        } catch (BadRequest e) {
            assertThat(e.getMessage()).isEqualTo("The body must be a JSON object.");
            return;
        }
        assertThat(object).isNotNull();
        for (String field : List.of("username", "password", "name", "topic")) {
            String value;
            try {
                value = HttpCall.optionalText(object, field);
            } catch (BadRequest e) {
                assertThat(e.getMessage()).isEqualTo("'" + field + "' must be a string.");
                continue;
            }
            if (value == null) {
                continue;
            }
            try {
                switch (field) {
                    case "username" -> Username.of(value);
                    case "name" -> RoomName.of(value);
                    case "topic" -> Topic.of(value);
                    default -> {}
                }
            } catch (ChatException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThat(Json.write(object)).isNotEmpty();
    }

    @FuzzTest(maxDuration = "15s")
    void any_request_target_finds_a_route_or_a_clear_error(FuzzedDataProvider data) {
        HttpMethod method = data.pickValue(METHODS);
        String uri = data.consumeRemainingAsAsciiString();
        if (uri.length() > MAX_INITIAL_LINE) {
            return;
        }
        QueryStringDecoder target;
        try {
            target = RequestTarget.parse(uri);
        } catch (BadRequest e) {
            assertThat(e.getMessage()).isEqualTo("The request could not be parsed.");
            return;
        }
        assertThat(target.path()).isNotNull();
        try {
            RequestTarget.wholeNumber(target, "before");
            RequestTarget.wholeNumber(target, "limit");
        } catch (BadRequest e) {
            assertThat(e.getMessage()).endsWith("must be a whole number.");
        }
        Routes.Lookup<?> found = ApiRoutes.TABLE.find(method, target.rawPath());
        if (found.handler() == null) {
            assertThat(found.params()).isEmpty();
            return;
        }
        Map<String, String> params = found.params();
        try {
            if (params.containsKey("id")) {
                RequestTarget.messageId(params.get("id"));
            }
        } catch (BadRequest e) {
            assertThat(e.getMessage()).isEqualTo("A message id is a whole number.");
        }
        if (params.containsKey("room")) {
            assertThat(Json.roomName(params.get("room"))).isNotNull();
        }
        if (params.containsKey("user")) {
            try {
                Username.of(params.get("user"));
            } catch (ChatException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }
}
