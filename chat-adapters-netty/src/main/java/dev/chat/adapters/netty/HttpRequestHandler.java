package dev.chat.adapters.netty;

import dev.chat.core.domain.ChatException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's HTTP requests: the checks every request passes (parsable, a known host, the origin, JSON for
 * cookie-authenticated changes, a UTF-8 body), then {@code /healthz} on the event loop, {@code /ws} to the
 * {@link WebSocketUpgrade}, and everything else to the {@link HttpRouter} on the worker pool (password hashing on a
 * pool of its own). Requests are answered one at a time, in the order they came, as HTTP/1.1 requires of pipelined
 * requests: the next is started once the answer to the one before is written.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);
    /** Requests one connection may send ahead of their answers before it is no longer read from. */
    static final int MAX_PIPELINED = 16;

    private final HttpServices services;
    private final HttpRouter router;
    private final WebSocketUpgrade upgrade;
    /** Requests that came while an earlier one was being answered; touched on the event loop only. */
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();

    /** The id of the request being answered, in its log lines and its answer's X-Request-Id (set before its work is handed to a pool, read by that work). */
    private String requestId;

    private boolean busy;

    HttpRequestHandler(HttpServices services, HttpRouter router, WebSocketUpgrade upgrade) {
        this.services = services;
        this.router = router;
        this.upgrade = upgrade;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (busy) {
            waiting.add(request.retain());
            if (waiting.size() >= MAX_PIPELINED) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        start(ctx, request.retain());
    }

    /** Answers one request; every path ends in {@link #respond} (or hands the connection to the WebSocket). */
    private void start(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        String id = LogContext.requestId(request.headers().get(LogContext.REQUEST_ID_HEADER));
        requestId = id;
        try {
            LogContext.about(ctx.channel(), () -> LogContext.forRequest(id, () -> dispatch(ctx, request)));
        } finally {
            request.release();
        }
    }

    /** Writes the answer (from any thread), then, on the event loop, starts the next request waiting. */
    private void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        response.headers().set(LogContext.REQUEST_ID_HEADER, requestId);
        HttpResponses.send(ctx.channel(), response, keepAlive);
        try {
            ctx.executor().execute(() -> next(ctx));
        } catch (RejectedExecutionException stopping) {
            // The server is stopping: nothing more will be answered on this connection.
        }
    }

    private void next(ChannelHandlerContext ctx) {
        busy = false;
        if (ctx.isRemoved() || !ctx.channel().isActive()) {
            releaseWaiting();
            return;
        }
        FullHttpRequest request = waiting.poll();
        if (request != null) {
            start(ctx, request);
        } else if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void releaseWaiting() {
        FullHttpRequest request;
        while ((request = waiting.poll()) != null) {
            request.release();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseWaiting();
        super.channelInactive(ctx);
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, badRequest("The request could not be parsed."), false);
            return;
        }
        QueryStringDecoder uri;
        try {
            uri = RequestTarget.parse(request.uri());
        } catch (BadRequest e) {
            respond(ctx, badRequest(e.getMessage()), false);
            return;
        }
        if (!services.hosts().allows(request)) {
            respond(
                    ctx,
                    HttpResponses.error(
                            HttpResponseStatus.MISDIRECTED_REQUEST,
                            "unknown_host",
                            "This server does not answer to that host name. Its operator can allow it with --public-url or "
                                    + "--allowed-hosts."),
                    false);
            return;
        }
        String path = uri.path();
        if (path.equals("/healthz")) {
            respond(ctx, HttpResponses.json(HttpResponseStatus.OK, Json.object().put("status", "ok")), keepAlive);
            return;
        }
        boolean secure = secure(request);
        if (path.equals("/ws")) {
            upgrade.start(ctx, request, secure, (c, refusal) -> respond(c, refusal, false));
            return;
        }
        boolean reads = HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
        if (!reads && !services.origins().allows(request, secure)) {
            respond(
                    ctx,
                    HttpResponses.error(
                            HttpResponseStatus.FORBIDDEN, "forbidden", "Requests from this origin are not allowed."),
                    keepAlive);
            return;
        }
        if (!reads && path.startsWith("/api/") && Credentials.hasSessionCookie(request) && !isJson(request)) {
            // A cross-site form or a text/plain fetch carries the cookie without a preflight; JSON cannot.
            respond(
                    ctx,
                    HttpResponses.error(
                            HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                            "unsupported_media_type",
                            "Send this request with Content-Type: application/json."),
                    keepAlive);
            return;
        }
        String body;
        try {
            body = utf8(request);
        } catch (BadRequest e) {
            respond(ctx, badRequest(e.getMessage()), false);
            return;
        }
        HttpCall call = new HttpCall(
                request.method(),
                path,
                uri,
                Credentials.token(request),
                body,
                secure,
                request.headers().get(HttpHeaderNames.IF_NONE_MATCH),
                StaticFiles.acceptsGzip(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING)),
                services.addresses().of(ctx.channel(), request.headers()),
                request.headers().get(HttpHeaderNames.HOST),
                request.headers().get("Idempotency-Key"));
        Routes.Lookup<ApiRoutes.Route> route = HttpRouter.route(call);
        boolean hashes =
                route != null && route.handler() != null && route.handler().hashes();
        offload(ctx, keepAlive, hashes ? services.auth() : services.worker(), call, route);
    }

    private static FullHttpResponse badRequest(String message) {
        return HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_request", message);
    }

    private static boolean isJson(FullHttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        return type != null
                && type.strip()
                        .toLowerCase(Locale.ROOT)
                        .split(";", 2)[0]
                        .strip()
                        .equals("application/json");
    }

    /** The body as text; bytes that are not UTF-8 are refused, not turned into U+FFFD and stored. */
    private static String utf8(FullHttpRequest request) {
        ByteBuffer bytes = request.content().nioBuffer();
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("The body is not valid UTF-8.");
        }
    }

    /**
     * Whether the request came over TLS: the server is told so ({@code --secure-cookies}), or the nearest proxy
     * says the client's connection was {@code https} ({@code X-Forwarded-Proto}'s first value).
     */
    private boolean secure(FullHttpRequest request) {
        if (services.settings().secureCookies()) {
            return true;
        }
        String proto = request.headers().get("X-Forwarded-Proto");
        return proto != null && "https".equalsIgnoreCase(proto.split(",", 2)[0].strip());
    }

    private void offload(
            ChannelHandlerContext ctx,
            boolean keepAlive,
            Executor pool,
            HttpCall call,
            Routes.Lookup<ApiRoutes.Route> route) {
        Channel channel = ctx.channel();
        KeepAliveHandler.answering(channel);
        try {
            pool.execute(LogContext.carrying(() -> {
                FullHttpResponse response;
                try {
                    response = router.answer(call, route);
                } catch (ChatException e) {
                    response = HttpResponses.error(e);
                } catch (BadRequest e) {
                    response = badRequest(e.getMessage());
                } catch (RuntimeException e) {
                    log.error("Request failed", e);
                    response = HttpResponses.error(
                            HttpResponseStatus.INTERNAL_SERVER_ERROR,
                            "internal",
                            "Something went wrong on the server.");
                }
                KeepAliveHandler.answered(channel);
                respond(ctx, response, keepAlive);
            }));
        } catch (RejectedExecutionException e) {
            KeepAliveHandler.answered(channel);
            FullHttpResponse busyNow = pool == services.auth()
                    ? HttpResponses.error(
                            HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "unavailable",
                            "Too many sign-ins at the moment. Try again in a few seconds.")
                    : HttpResponses.error(
                            HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", "The server is busy. Try again.");
            busyNow.headers().set(HttpHeaderNames.RETRY_AFTER, 2);
            respond(ctx, busyNow, false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection failed: {}", cause.toString());
        ctx.close();
    }
}
