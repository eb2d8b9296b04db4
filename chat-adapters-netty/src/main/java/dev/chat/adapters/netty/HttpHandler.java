package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.in.Admin;
import dev.chat.core.port.in.Messages;
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
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers HTTP: the JSON API, health checks, static files, and the WebSocket upgrade at {@code /ws}
 * (authenticated and origin-checked before the handshake). Everything that touches the core runs on the
 * worker pool; the event loop only parses and writes.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);
    /** The JSON API; see docs/protocol.md. */
    private static final Routes<Endpoint> API = new Routes<Endpoint>()
            .add(HttpMethod.POST, "/api/register", (h, call, p) -> h.register(call))
            .add(HttpMethod.POST, "/api/login", (h, call, p) -> h.login(call))
            .add(HttpMethod.POST, "/api/guest", (h, call, p) -> h.guest(call))
            .add(HttpMethod.POST, "/api/logout", (h, call, p) -> h.logout(call))
            .add(HttpMethod.GET, "/api/me", (h, call, p) -> h.me(call))
            .add(HttpMethod.GET, "/api/session", (h, call, p) -> h.session(call))
            .add(HttpMethod.GET, "/api/config", (h, call, p) -> h.config())
            .add(HttpMethod.GET, "/api/rooms", (h, call, p) -> h.rooms(call))
            .add(HttpMethod.POST, "/api/rooms", (h, call, p) -> h.createRoom(call))
            .add(HttpMethod.PATCH, "/api/rooms/{room}", (h, call, p) -> h.changeRoom(call, p.get("room")))
            .add(HttpMethod.DELETE, "/api/rooms/{room}", (h, call, p) -> h.deleteRoom(call, p.get("room")))
            .add(HttpMethod.GET, "/api/rooms/{room}/messages", (h, call, p) -> h.history(call, p.get("room")))
            .add(HttpMethod.DELETE, "/api/rooms/{room}/messages/{id}",
                    (h, call, p) -> h.deleteMessage(call, p.get("room"), p.get("id")))
            .add(HttpMethod.GET, "/api/admin/users", (h, call, p) -> h.users(call))
            .add(HttpMethod.POST, "/api/admin/users/{user}/ban", (h, call, p) -> h.ban(call, p.get("user"), true))
            .add(HttpMethod.DELETE, "/api/admin/users/{user}/ban", (h, call, p) -> h.ban(call, p.get("user"), false))
            .add(HttpMethod.GET, "/api/admin/stats", (h, call, p) -> h.stats(call));

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final ChatApi api;
    private final ServerSettings settings;
    private final Executor worker;
    private final Origins origins;
    private final StaticFiles files;
    private final SocketInstaller sockets;
    private final ConnectionCap cap;

    /** Puts the WebSocket handlers into the pipeline of an authenticated upgrade request. */
    interface SocketInstaller {
        void install(ChannelHandlerContext ctx, FullHttpRequest upgrade, Principal principal);
    }

    HttpHandler(ChatApi api, ServerSettings settings, Executor worker, Origins origins, StaticFiles files,
                ConnectionCap cap, SocketInstaller sockets) {
        this.cap = cap;
        this.api = api;
        this.settings = settings;
        this.worker = worker;
        this.origins = origins;
        this.files = files;
        this.sockets = sockets;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        Channel channel = ctx.channel();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.send(channel, HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "The request could not be parsed."), false);
            return;
        }
        QueryStringDecoder uri;
        try {
            uri = requestTarget(request.uri());
        } catch (BadRequest e) {
            HttpResponses.send(channel, HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_request",
                    e.getMessage()), false);
            return;
        }
        String path = uri.path();
        if (path.equals("/healthz")) {
            ObjectNode body = Json.object().put("status", "ok");
            HttpResponses.send(channel, HttpResponses.json(HttpResponseStatus.OK, body), keepAlive);
            return;
        }
        if (path.equals("/ws")) {
            upgrade(ctx, request);
            return;
        }
        if (!origins.allows(request) && !HttpMethod.GET.equals(request.method())) {
            HttpResponses.send(channel, HttpResponses.error(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "Requests from this origin are not allowed."), keepAlive);
            return;
        }
        Call call = new Call(request.method(), path, uri, Credentials.token(request),
                request.content().toString(StandardCharsets.UTF_8), secure(request),
                request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        offload(channel, keepAlive, () -> route(call));
    }

    private boolean secure(FullHttpRequest request) {
        return settings.secureCookies()
                || "https".equalsIgnoreCase(request.headers().get("X-Forwarded-Proto"));
    }

    private void offload(Channel channel, boolean keepAlive, Task task) {
        KeepAliveHandler.answering(channel);
        try {
            worker.execute(() -> {
                FullHttpResponse response;
                try {
                    response = task.run();
                } catch (ChatException e) {
                    response = HttpResponses.error(e);
                } catch (BadRequest e) {
                    response = HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
                } catch (RuntimeException e) {
                    log.error("Request failed", e);
                    response = HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                            "Something went wrong on the server.");
                }
                KeepAliveHandler.answered(channel);
                HttpResponses.send(channel, response, keepAlive);
            });
        } catch (RejectedExecutionException e) {
            KeepAliveHandler.answered(channel);
            HttpResponses.send(channel, HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "The server is busy. Try again."), false);
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        Channel channel = ctx.channel();
        if (!origins.allows(request)) {
            HttpResponses.send(channel, HttpResponses.error(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "WebSocket connections from this origin are not allowed."), false);
            return;
        }
        String token = Credentials.token(request);
        FullHttpRequest held = request.retain();
        KeepAliveHandler.answering(channel);
        try {
            worker.execute(() -> {
                Optional<Principal> principal;
                boolean unchecked = false;
                try {
                    principal = api.accounts().authenticate(token);
                } catch (RuntimeException e) {
                    log.warn("Could not check a session: {}", e.getCause() != null ? e.getCause().toString()
                            : e.toString());
                    principal = Optional.empty();
                    unchecked = true;
                }
                Optional<Principal> who = principal;
                boolean storeAway = unchecked;
                KeepAliveHandler.answered(channel);
                try {
                    ctx.executor().execute(() -> finishUpgrade(ctx, held, who, storeAway));
                } catch (RejectedExecutionException stopping) {
                    held.release();
                }
            });
        } catch (RejectedExecutionException e) {
            KeepAliveHandler.answered(channel);
            held.release();
            HttpResponses.send(channel, HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "The server is busy. Try again."), false);
        }
    }

    /** Back on the event loop: refuse, or hand the request to the WebSocket handshake. Always releases it. */
    private void finishUpgrade(ChannelHandlerContext ctx, FullHttpRequest held, Optional<Principal> who,
                               boolean sessionUnchecked) {
        Channel channel = ctx.channel();
        if (!channel.isActive() || ctx.isRemoved()) {
            held.release();
            return;
        }
        if (sessionUnchecked) {
            held.release();
            HttpResponses.send(channel, HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "Your session cannot be checked right now. Try again."), false);
            return;
        }
        if (who.isEmpty()) {
            held.release();
            HttpResponses.send(channel, HttpResponses.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                    "Sign in first."), false);
            return;
        }
        String user = who.get().user().value();
        if (!cap.tryAcquire(user)) {
            held.release();
            HttpResponses.send(channel, HttpResponses.error(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "too_many_connections", "You have " + cap.max()
                            + " connections open already; close one first."), false);
            return;
        }
        channel.closeFuture().addListener(f -> cap.release(user));
        try {
            sockets.install(ctx, held, who.get());
        } catch (RuntimeException e) {
            if (held.refCnt() > 0) {
                held.release();
            }
            log.debug("Could not upgrade to a WebSocket: {}", e.toString());
            channel.close();
        }
    }

    private FullHttpResponse route(Call call) {
        String p = call.path;
        HttpMethod m = call.method;
        if (p.startsWith("/api/")) {
            // The table decodes each {name} segment itself: give it the raw path, so nothing is decoded twice.
            Routes.Lookup<Endpoint> found = API.find(m, call.uri.rawPath());
            if (found.handler() != null) {
                return found.handler().answer(this, call, found.params());
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
        return files.find(p).map(asset -> {
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
        return signedIn(call, api.accounts().continueAsGuest());
    }

    private FullHttpResponse me(Call call) {
        return HttpResponses.json(HttpResponseStatus.OK, principalJson(principal(call)));
    }

    private FullHttpResponse login(Call call) {
        return signedIn(call, api.accounts().login(text(call, "username"), text(call, "password")));
    }

    private FullHttpResponse logout(Call call) {
        api.accounts().logout(call.token);
        FullHttpResponse response = HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
        response.headers().add(HttpHeaderNames.SET_COOKIE, Credentials.clearedCookie(call.secure));
        return response;
    }

    private FullHttpResponse register(Call call) {
        String name = api.accounts().register(text(call, "username"), text(call, "password")).value();
        return HttpResponses.json(HttpResponseStatus.CREATED, Json.object().put("username", name));
    }

    private FullHttpResponse signedIn(Call call, Accounts.SignedIn signedIn) {
        ObjectNode body = principalJson(signedIn.principal());
        body.put("token", signedIn.token());
        FullHttpResponse response = HttpResponses.json(HttpResponseStatus.OK, body);
        response.headers().add(HttpHeaderNames.SET_COOKIE,
                Credentials.sessionCookie(signedIn.token(), settings.sessionMaxAge(), call.secure));
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
        principal(call);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("rooms");
        for (Rooms.RoomSummary summary : api.rooms().list()) {
            list.add(roomJson(summary.room(), summary.online()));
        }
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
        RoomName changedName = changed.name();
        int online = api.rooms().list().stream().filter(r -> r.room().name().equals(changedName))
                .mapToInt(Rooms.RoomSummary::online).findFirst().orElse(0);
        return HttpResponses.json(HttpResponseStatus.OK, roomJson(changed, online));
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
                new ChatException(dev.chat.core.domain.ErrorCode.UNAUTHORIZED, "Sign in first."));
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
        List<String> values = uri.parameters().get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(values.get(0));
        } catch (NumberFormatException e) {
            throw new BadRequest("'" + name + "' must be a whole number.");
        }
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

    /** Answers one API route, given the parameters of its path. Runs on the worker pool. */
    @FunctionalInterface
    private interface Endpoint {
        FullHttpResponse answer(HttpHandler handler, Call call, Map<String, String> params);
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
        private ObjectNode body;

        Call(HttpMethod method, String path, QueryStringDecoder uri, String token, String rawBody, boolean secure,
             String ifNoneMatch) {
            this.method = method;
            this.path = path;
            this.uri = uri;
            this.token = token;
            this.rawBody = rawBody;
            this.secure = secure;
            this.ifNoneMatch = ifNoneMatch;
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
