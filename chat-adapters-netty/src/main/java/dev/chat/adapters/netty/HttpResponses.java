package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Builds and writes HTTP responses, with the security headers every response carries. */
final class HttpResponses {

    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";

    private HttpResponses() {}

    static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        return bytes(status, Json.write(body).getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8");
    }

    static FullHttpResponse empty(HttpResponseStatus status) {
        return bytes(status, new byte[0], null);
    }

    static FullHttpResponse bytes(HttpResponseStatus status, byte[] body, String contentType) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set("X-Content-Type-Options", "nosniff");
        response.headers().set("Referrer-Policy", "no-referrer");
        // Older browsers ignore CSP frame-ancestors; this one header keeps every response out of frames there too.
        response.headers().set("X-Frame-Options", "DENY");
        // Data, not a document: nothing it names may load. Static files replace this with the page's policy.
        response.headers().set("Content-Security-Policy", API_CSP);
        if (contentType != null && contentType.startsWith("application/json")) {
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        }
        return response;
    }

    static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return json(status, body);
    }

    static FullHttpResponse error(ChatException e) {
        FullHttpResponse response = error(statusOf(e.code()), e.code().wire(), e.getMessage());
        e.retryAfter()
                .ifPresent(d ->
                        response.headers().set(HttpHeaderNames.RETRY_AFTER, Math.max(1, (d.toMillis() + 999) / 1000)));
        return response;
    }

    static HttpResponseStatus statusOf(ErrorCode code) {
        return switch (code) {
            case NAME_TAKEN, ROOM_EXISTS, NOT_JOINED, TOO_MANY_REACTIONS -> HttpResponseStatus.CONFLICT;
            case NO_SUCH_ROOM, NO_SUCH_USER, NO_SUCH_MESSAGE, NO_SUCH_TOKEN, NO_SUCH_WEBHOOK ->
                HttpResponseStatus.NOT_FOUND;
            case INVALID_CREDENTIALS, UNAUTHORIZED -> HttpResponseStatus.UNAUTHORIZED;
            case FORBIDDEN, GUESTS_DISABLED, BANNED, ROOM_LIMIT, WRONG_PASSWORD, TOO_MANY_TOKENS, TOO_MANY_WEBHOOKS ->
                HttpResponseStatus.FORBIDDEN;
            case THROTTLED, RATE_LIMITED, TOO_MANY_CONNECTIONS, TOO_MANY_ROOMS -> HttpResponseStatus.TOO_MANY_REQUESTS;
            case NOT_STORED, UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            default -> HttpResponseStatus.BAD_REQUEST;
        };
    }

    /** Writes the response, keeping the connection open only if the client asked for that. */
    static void send(Channel channel, FullHttpResponse response, boolean keepAlive) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            channel.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
