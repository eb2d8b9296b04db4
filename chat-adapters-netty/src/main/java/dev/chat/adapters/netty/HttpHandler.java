package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.in.Admin;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.in.PasswordReset;
import dev.chat.core.port.in.Rooms;
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
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers HTTP: the JSON API, health checks, static files, and the WebSocket upgrade at {@code /ws}
 * (authenticated, admitted under the connection limits and origin-checked before the handshake). Everything
 * that touches the core runs on the worker pool, and password hashing on a pool of its own; the event loop
 * only parses and writes. Requests of one connection are answered one at a time, in the order they came, as
 * HTTP/1.1 requires of pipelined requests: the next is started once the answer to the one before is written.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);
    /** Requests one connection may send ahead of their answers before it is no longer read from. */
    static final int MAX_PIPELINED = 16;

    /** The JSON API; see docs/protocol.md. Routes marked {@code hashes} check or set a password. */
    private static final Routes<Route> API = new Routes<Route>()
            .add(HttpMethod.POST, "/api/register", hashing((h, call, p) -> h.register(call)))
            .add(HttpMethod.POST, "/api/login", hashing((h, call, p) -> h.login(call)))
            .add(HttpMethod.POST, "/api/guest", plain((h, call, p) -> h.guest(call)))
            .add(HttpMethod.POST, "/api/logout", plain((h, call, p) -> h.logout(call)))
            .add(HttpMethod.POST, "/api/password", hashing((h, call, p) -> h.changePassword(call)))
            .add(HttpMethod.POST, "/api/password/reset", hashing((h, call, p) -> h.resetPassword(call)))
            .add(HttpMethod.GET, "/api/me", plain((h, call, p) -> h.me(call)))
            .add(HttpMethod.GET, "/api/session", plain((h, call, p) -> h.session(call)))
            .add(HttpMethod.GET, "/api/config", plain((h, call, p) -> h.config()))
            .add(HttpMethod.GET, "/api/rooms", plain((h, call, p) -> h.rooms(call)))
            .add(HttpMethod.POST, "/api/rooms", plain((h, call, p) -> h.createRoom(call)))
            .add(HttpMethod.PATCH, "/api/rooms/{room}", plain((h, call, p) -> h.changeRoom(call, p.get("room"))))
            .add(HttpMethod.DELETE, "/api/rooms/{room}", plain((h, call, p) -> h.deleteRoom(call, p.get("room"))))
            .add(HttpMethod.GET, "/api/rooms/{room}/messages", plain((h, call, p) -> h.history(call, p.get("room"))))
            .add(HttpMethod.DELETE, "/api/rooms/{room}/messages/{id}",
                    plain((h, call, p) -> h.deleteMessage(call, p.get("room"), p.get("id"))))
            .add(HttpMethod.GET, "/api/admin/users", plain((h, call, p) -> h.users(call)))
            .add(HttpMethod.POST, "/api/admin/users/{user}/ban", plain((h, call, p) -> h.ban(call, p.get("user"), true)))
            .add(HttpMethod.DELETE, "/api/admin/users/{user}/ban",
                    plain((h, call, p) -> h.ban(call, p.get("user"), false)))
            .add(HttpMethod.POST, "/api/admin/users/{user}/reset",
                    plain((h, call, p) -> h.issueReset(call, p.get("user"))))
            .add(HttpMethod.GET, "/api/admin/stats", plain((h, call, p) -> h.stats(call)));

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final HttpServices services;
    private final ChatApi api;
    private final SocketInstaller sockets;
    /** Requests that came while an earlier one was being answered; touched on the event loop only. */
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    /** Puts the WebSocket handlers into the pipeline of an admitted upgrade request. */
    interface SocketInstaller {
        void install(ChannelHandlerContext ctx, FullHttpRequest upgrade, Live.Admission admission);
    }

    HttpHandler(HttpServices services, SocketInstaller sockets) {
        this.services = services;
        this.api = services.api();
        this.sockets = sockets;
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
        try {
            dispatch(ctx, request);
        } finally {
            request.release();
        }
    }

    /** Writes the answer (from any thread), then, on the event loop, starts the next request waiting. */
    private void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
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
            uri = requestTarget(request.uri());
        } catch (BadRequest e) {
            respond(ctx, badRequest(e.getMessage()), false);
            return;
        }
        if (!services.hosts().allows(request)) {
            respond(ctx, HttpResponses.error(HttpResponseStatus.MISDIRECTED_REQUEST, "unknown_host",
                    "This server does not answer to that host name. Its operator can allow it with --public-url or "
                            + "--allowed-hosts."), false);
            return;
        }
        String path = uri.path();
        if (path.equals("/healthz")) {
            respond(ctx, HttpResponses.json(HttpResponseStatus.OK, Json.object().put("status", "ok")), keepAlive);
            return;
        }
        boolean secure = secure(request);
        if (path.equals("/ws")) {
            upgrade(ctx, request, secure);
            return;
        }
        boolean reads = HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
        if (!reads && !services.origins().allows(request, secure)) {
            respond(ctx, HttpResponses.error(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "Requests from this origin are not allowed."), keepAlive);
            return;
        }
        if (!reads && path.startsWith("/api/") && Credentials.hasSessionCookie(request) && !isJson(request)) {
            // A cross-site form or a text/plain fetch carries the cookie without a preflight; JSON cannot.
            respond(ctx, HttpResponses.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "Send this request with Content-Type: application/json."), keepAlive);
            return;
        }
        String body;
        try {
            body = utf8(request);
        } catch (BadRequest e) {
            respond(ctx, badRequest(e.getMessage()), false);
            return;
        }
        Call call = new Call(request.method(), path, uri, Credentials.token(request), body, secure,
                request.headers().get(HttpHeaderNames.IF_NONE_MATCH),
                services.addresses().of(ctx.channel(), request.headers()),
                request.headers().get(HttpHeaderNames.HOST));
        Routes.Lookup<Route> route = path.startsWith("/api/") ? API.find(call.method, call.uri.rawPath()) : null;
        boolean hashes = route != null && route.handler() != null && route.handler().hashes();
        offload(ctx, keepAlive, hashes ? services.auth() : services.worker(), () -> answer(call, route));
    }

    private static FullHttpResponse badRequest(String message) {
        return HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_request", message);
    }

    private static boolean isJson(FullHttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        return type != null && type.strip().toLowerCase(Locale.ROOT).split(";", 2)[0].strip()
                .equals("application/json");
    }

    /** The body as text; bytes that are not UTF-8 are refused, not turned into U+FFFD and stored. */
    private static String utf8(FullHttpRequest request) {
        ByteBuffer bytes = request.content().nioBuffer();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
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

    private void offload(ChannelHandlerContext ctx, boolean keepAlive, Executor pool, Task task) {
        Channel channel = ctx.channel();
        KeepAliveHandler.answering(channel);
        try {
            pool.execute(() -> {
                FullHttpResponse response;
                try {
                    response = task.run();
                } catch (ChatException e) {
                    response = HttpResponses.error(e);
                } catch (BadRequest e) {
                    response = badRequest(e.getMessage());
                } catch (RuntimeException e) {
                    log.error("Request failed", e);
                    response = HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                            "Something went wrong on the server.");
                }
                KeepAliveHandler.answered(channel);
                respond(ctx, response, keepAlive);
            });
        } catch (RejectedExecutionException e) {
            KeepAliveHandler.answered(channel);
            FullHttpResponse busyNow = pool == services.auth()
                    ? HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable",
                            "Too many sign-ins at the moment. Try again in a few seconds.")
                    : HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable",
                            "The server is busy. Try again.");
            busyNow.headers().set(HttpHeaderNames.RETRY_AFTER, 2);
            respond(ctx, busyNow, false);
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, boolean secure) {
        Channel channel = ctx.channel();
        if (!services.origins().allows(request, secure)) {
            respond(ctx, HttpResponses.error(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "WebSocket connections from this origin are not allowed."), false);
            return;
        }
        String token = Credentials.token(request);
        ClientAddress from = services.addresses().of(channel, request.headers());
        FullHttpRequest held = request.retain();
        KeepAliveHandler.answering(channel);
        try {
            services.worker().execute(() -> {
                Live.Admission admission = null;
                FullHttpResponse refusal = null;
                try {
                    Optional<Principal> principal = api.accounts().authenticate(token);
                    if (principal.isEmpty()) {
                        refusal = HttpResponses.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "Sign in first.");
                    } else {
                        admission = api.live().admit(principal.get(), from);
                    }
                } catch (ChatException e) {
                    if (e.code() == ErrorCode.UNAVAILABLE) {
                        log.warn("Could not check a session: {}", e.getCause() != null ? e.getCause().toString()
                                : e.toString());
                    }
                    refusal = HttpResponses.error(e);
                } catch (RuntimeException e) {
                    log.error("Could not admit a WebSocket", e);
                    refusal = HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                            "Something went wrong on the server.");
                }
                KeepAliveHandler.answered(channel);
                Live.Admission admitted = admission;
                FullHttpResponse refused = refusal;
                try {
                    ctx.executor().execute(() -> finishUpgrade(ctx, held, admitted, refused));
                } catch (RejectedExecutionException stopping) {
                    held.release();
                    if (admitted != null) {
                        admitted.close();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            KeepAliveHandler.answered(channel);
            held.release();
            respond(ctx, HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "The server is busy. Try again."), false);
        }
    }

    /** Back on the event loop: refuse, or hand the request to the WebSocket handshake. Always releases it. */
    private void finishUpgrade(ChannelHandlerContext ctx, FullHttpRequest held, Live.Admission admission,
                               FullHttpResponse refusal) {
        Channel channel = ctx.channel();
        if (!channel.isActive() || ctx.isRemoved()) {
            held.release();
            if (admission != null) {
                admission.close();
            }
            return;
        }
        if (refusal != null) {
            held.release();
            respond(ctx, refusal, false);
            return;
        }
        channel.closeFuture().addListener(f -> admission.close());
        try {
            sockets.install(ctx, held, admission);
        } catch (RuntimeException e) {
            if (held.refCnt() > 0) {
                held.release();
            }
            log.debug("Could not upgrade to a WebSocket: {}", e.toString());
            channel.close();
        }
    }

    private FullHttpResponse answer(Call call, Routes.Lookup<Route> found) {
        String p = call.path;
        HttpMethod m = call.method;
        if (found != null) {
            if (found.handler() != null) {
                return found.handler().endpoint().answer(this, call, found.params());
            }
            if (found.pathKnown()) {
                return HttpResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                        "This endpoint does not take " + m + ".");
            }
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "not_found", "No such API endpoint.");
        }
        if (p.equals("/readyz")) {
            boolean ready = api.ready().getAsBoolean();
            return HttpResponses.json(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    Json.object().put("status", ready ? "ready" : "unavailable"));
        }
        if (!m.equals(HttpMethod.GET) && !m.equals(HttpMethod.HEAD)) {
            return HttpResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "Only GET is allowed here.");
        }
        return services.files().find(p).map(asset -> {
            boolean unchanged = asset.etag().equals(call.ifNoneMatch);
            FullHttpResponse response;
            if (unchanged) {
                response = HttpResponses.bytes(HttpResponseStatus.NOT_MODIFIED, new byte[0], null);
            } else if (m.equals(HttpMethod.HEAD)) {
                response = HttpResponses.bytes(HttpResponseStatus.OK, new byte[0], asset.contentType());
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, asset.body().length);
            } else {
                response = HttpResponses.bytes(HttpResponseStatus.OK, asset.body(), asset.contentType());
            }
            response.headers().set(HttpHeaderNames.ETAG, asset.etag());
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            response.headers().set("Content-Security-Policy", CSP);
            return response;
        }).orElseGet(() -> HttpResponses.error(HttpResponseStatus.NOT_FOUND, "not_found", "Not found."));
    }

    private FullHttpResponse guest(Call call) {
        return signedIn(call, api.accounts().continueAsGuest(call.from));
    }

    private FullHttpResponse me(Call call) {
        return HttpResponses.json(HttpResponseStatus.OK, principalJson(principal(call)));
    }

    private FullHttpResponse login(Call call) {
        return signedIn(call, api.accounts().login(text(call, "username"), text(call, "password"), call.from));
    }

    private FullHttpResponse logout(Call call) {
        api.accounts().logout(call.token);
        FullHttpResponse response = HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
        response.headers().add(HttpHeaderNames.SET_COOKIE, Credentials.clearedCookie(call.secure));
        return response;
    }

    private FullHttpResponse register(Call call) {
        String name = api.accounts().register(text(call, "username"), text(call, "password"), call.from).value();
        return HttpResponses.json(HttpResponseStatus.CREATED, Json.object().put("username", name));
    }

    private FullHttpResponse changePassword(Call call) {
        Principal who = principal(call);
        api.accounts().changePassword(who, text(call, "currentPassword"), text(call, "newPassword"), call.from);
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }

    private FullHttpResponse resetPassword(Call call) {
        Username user = api.accounts().resetPassword(text(call, "token"), text(call, "password"), call.from);
        return HttpResponses.json(HttpResponseStatus.OK, Json.object().put("username", user.value()));
    }

    private FullHttpResponse issueReset(Call call, String user) {
        PasswordReset reset = api.admin().issueReset(principal(call), user);
        String base = services.settings().publicUrl().map(url -> url.toString().replaceAll("/+$", ""))
                .orElseGet(() -> (call.secure ? "https://" : "http://") + (call.host == null ? "localhost" : call.host));
        return HttpResponses.json(HttpResponseStatus.OK, Json.object()
                .put("username", reset.user().value())
                .put("token", reset.token())
                .put("expiresAt", reset.expiresAt().toString())
                .put("link", base + "/#reset=" + reset.token()));
    }

    private FullHttpResponse signedIn(Call call, Accounts.SignedIn signedIn) {
        ObjectNode body = principalJson(signedIn.principal());
        body.put("token", signedIn.token());
        FullHttpResponse response = HttpResponses.json(HttpResponseStatus.OK, body);
        response.headers().add(HttpHeaderNames.SET_COOKIE,
                Credentials.sessionCookie(signedIn.token(), services.settings().sessionMaxAge(), call.secure));
        return response;
    }

    /** Like {@code /api/me}, but "signed out" is an answer, not a 401: a page can ask without an error. */
    private FullHttpResponse session(Call call) {
        return api.accounts().authenticate(call.token)
                .map(who -> HttpResponses.json(HttpResponseStatus.OK, principalJson(who).put("signedIn", true)))
                .orElseGet(() -> HttpResponses.json(HttpResponseStatus.OK, Json.object().put("signedIn", false)));
    }

    private FullHttpResponse config() {
        return HttpResponses.json(HttpResponseStatus.OK, Json.object().put("guests", api.accounts().guestsAllowed()));
    }

    private FullHttpResponse rooms(Call call) {
        Principal who = principal(call);
        Long limit = wholeNumber(call.uri, "limit");
        Rooms.RoomPage page = api.rooms().list(who, text(call.uri, "after"), limit == null ? null
                : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit)));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("rooms");
        for (Rooms.RoomSummary summary : page.rooms()) {
            list.add(roomJson(summary.room(), summary.online()));
        }
        body.put("more", page.more());
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    private FullHttpResponse createRoom(Call call) {
        Room room = api.rooms().create(principal(call), text(call, "name"), optionalText(call, "topic"));
        return HttpResponses.json(HttpResponseStatus.CREATED, roomJson(room, 0));
    }

    /** An admin renames the room, sets its topic, or both (the rename first: it is the one that can clash). */
    private FullHttpResponse changeRoom(Call call, String room) {
        Principal who = principal(call);
        String name = optionalText(call, "name");
        String topic = optionalText(call, "topic");
        if (name == null && topic == null) {
            throw new BadRequest("Give a new 'name', a 'topic', or both.");
        }
        // Both checked before anything changes, so a bad topic cannot leave a rename half done.
        RoomName newName = name == null ? null : RoomName.of(name);
        if (topic != null) {
            Topic.of(topic);
        }
        Room changed = null;
        if (newName != null) {
            changed = api.admin().renameRoom(who, room, newName.value());
        }
        if (topic != null) {
            changed = api.admin().setTopic(who, changed == null ? room : changed.name().value(), topic);
        }
        Rooms.RoomSummary summary = api.rooms().find(who, changed.name().value());
        return HttpResponses.json(HttpResponseStatus.OK, roomJson(summary.room(), summary.online()));
    }

    private FullHttpResponse deleteRoom(Call call, String room) {
        api.admin().deleteRoom(principal(call), room);
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }

    private FullHttpResponse deleteMessage(Call call, String room, String id) {
        Principal who = principal(call);
        api.admin().deleteMessage(who, room, messageId(id));
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }

    private FullHttpResponse users(Call call) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("users");
        for (Admin.UserSummary user : api.admin().users(principal(call))) {
            list.addObject()
                    .put("username", user.user().value())
                    .put("createdAt", user.createdAt().toString())
                    .put("banned", user.banned())
                    .put("admin", user.admin());
        }
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    private FullHttpResponse ban(Call call, String user, boolean banned) {
        Principal who = principal(call);
        if (banned) {
            api.admin().ban(who, user);
        } else {
            api.admin().unban(who, user);
        }
        return HttpResponses.json(HttpResponseStatus.OK,
                Json.object().put("username", Username.of(user).value()).put("banned", banned));
    }

    private FullHttpResponse stats(Call call) {
        Admin.Stats stats = api.admin().stats(principal(call));
        ObjectNode body = Json.object()
                .put("onlineUsers", stats.onlineUsers())
                .put("messagesPerMinute", stats.messagesLastMinute());
        ArrayNode nodes = body.putArray("nodes");
        stats.nodes().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(node -> nodes.addObject()
                .put("node", node.getKey())
                .put("connections", node.getValue().connections())
                .put("onlineUsers", node.getValue().onlineUsers())
                .put("messagesPerMinute", node.getValue().messagesLastMinute()));
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    private FullHttpResponse history(Call call, String room) {
        Principal who = principal(call);
        Long before = wholeNumber(call.uri, "before");
        Long limit = wholeNumber(call.uri, "limit");
        Messages.HistoryPage page = api.messages().history(who, room, before,
                limit == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit)));
        ObjectNode body = Json.object();
        body.put("room", Json.roomName(room));
        ArrayNode list = body.putArray("messages");
        for (Message message : page.messages()) {
            list.add(Json.message(message));
        }
        body.put("more", page.more());
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    private Principal principal(Call call) {
        return api.accounts().authenticate(call.token).orElseThrow(() ->
                new ChatException(ErrorCode.UNAUTHORIZED, "Sign in first."));
    }

    private static ObjectNode principalJson(Principal who) {
        return Json.object().put("username", who.user().value()).put("guest", who.guest()).put("admin", who.admin());
    }

    private static ObjectNode roomJson(Room room, int online) {
        return Json.object().put("name", room.name().value()).put("topic", room.topic().value()).put("online", online);
    }

    /**
     * The request's path and query, decoded up front: a malformed percent-escape is a bad request here, not an
     * exception on the event loop or a 500 on the worker pool.
     */
    static QueryStringDecoder requestTarget(String uri) {
        QueryStringDecoder target = new QueryStringDecoder(uri);
        try {
            target.path();
            target.parameters();
        } catch (IllegalArgumentException e) {
            throw new BadRequest("The request could not be parsed.");
        }
        if (!escapesAreUtf8(uri)) {
            throw new BadRequest("The request could not be parsed.");
        }
        return target;
    }

    /**
     * Whether each run of percent-escapes is UTF-8, as the decoder reads it. The decoder puts U+FFFD for bytes that
     * are not, without a word: {@code %E0%A4} and {@code %FF} would both name "\uFFFD", and the answer would depend
     * on the route (a 401, a 404, "A message id is a whole number.") instead of saying the request is unreadable.
     */
    private static boolean escapesAreUtf8(String uri) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        int i = uri.indexOf('%');
        while (i >= 0) {
            ByteArrayOutputStream run = new ByteArrayOutputStream();
            for (; i < uri.length() && uri.charAt(i) == '%'; i += 3) {
                if (i + 2 >= uri.length() || !HexFormat.isHexDigit(uri.charAt(i + 1))
                        || !HexFormat.isHexDigit(uri.charAt(i + 2))) {
                    return false;
                }
                run.write(HexFormat.fromHexDigits(uri, i + 1, i + 3));
            }
            try {
                utf8.decode(ByteBuffer.wrap(run.toByteArray()));
            } catch (CharacterCodingException e) {
                return false;
            }
            i = uri.indexOf('%', i);
        }
        return true;
    }

    /** The API route a raw path names, for the fuzz tests: the table is the parser of paths. */
    static Routes.Lookup<?> apiRoute(HttpMethod method, String path) {
        return API.find(method, path);
    }

    /** The {@code {id}} of a message path. */
    static long messageId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadRequest("A message id is a whole number.");
        }
    }

    /** A query parameter that must be a whole number, or null when absent or empty. */
    static Long wholeNumber(QueryStringDecoder uri, String name) {
        String value = text(uri, name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequest("'" + name + "' must be a whole number.");
        }
    }

    /** A query parameter, or null when absent or empty. */
    static String text(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static String text(Call call, String field) {
        String value = optionalText(call, field);
        if (value == null) {
            throw new BadRequest("Missing '" + field + "'.");
        }
        return value;
    }

    private static String optionalText(Call call, String field) {
        return optionalText(call.body(), field);
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

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection failed: {}", cause.toString());
        ctx.close();
    }

    @FunctionalInterface
    private interface Task {
        FullHttpResponse run();
    }

    /** Answers one API route, given the parameters of its path. Runs on the worker pool (or the hashing pool). */
    @FunctionalInterface
    private interface Endpoint {
        FullHttpResponse answer(HttpHandler handler, Call call, Map<String, String> params);
    }

    /** An endpoint, and whether it hashes a password (then it runs on the hashing pool). */
    private record Route(Endpoint endpoint, boolean hashes) {
    }

    private static Route plain(Endpoint endpoint) {
        return new Route(endpoint, false);
    }

    private static Route hashing(Endpoint endpoint) {
        return new Route(endpoint, true);
    }

    /** A request's parts, copied off the Netty buffer so the work can leave the event loop. */
    private static final class Call {
        final HttpMethod method;
        final String path;
        final QueryStringDecoder uri;
        final String token;
        final String rawBody;
        final boolean secure;
        final String ifNoneMatch;
        final ClientAddress from;
        final String host;
        private ObjectNode body;

        Call(HttpMethod method, String path, QueryStringDecoder uri, String token, String rawBody, boolean secure,
             String ifNoneMatch, ClientAddress from, String host) {
            this.method = method;
            this.path = path;
            this.uri = uri;
            this.token = token;
            this.rawBody = rawBody;
            this.secure = secure;
            this.ifNoneMatch = ifNoneMatch;
            this.from = from;
            this.host = host;
        }

        ObjectNode body() {
            if (body == null) {
                body = bodyObject(rawBody);
            }
            return body;
        }
    }

    /** A request body as the API reads it: a JSON object, an empty body being {@code {}}. */
    static ObjectNode bodyObject(String rawBody) {
        try {
            return Json.parseObject(rawBody.isEmpty() ? "{}" : rawBody);
        } catch (ProtocolException e) {
            throw new BadRequest("The body must be a JSON object.");
        }
    }

    /** A request the API cannot read; answered with {@code 400 bad_request} and its message. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
