package dev.chat.adapters.netty;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;

/** The JSON API's route table (see docs/protocol.md): each route answered by the resource that owns it. */
final class ApiRoutes {

    /** The resources that answer the API, one per kind of thing it is about. */
    record Resources(
            SessionsApi sessions,
            RoomsApi rooms,
            MembersApi members,
            MessagesApi messages,
            ReadsApi reads,
            AdminApi admin,
            TokensApi tokens,
            WebhooksApi webhooks) {

        static Resources of(ChatApi api, ServerSettings settings) {
            return new Resources(
                    new SessionsApi(api.accounts(), settings),
                    new RoomsApi(api),
                    new MembersApi(api),
                    new MessagesApi(api),
                    new ReadsApi(api),
                    new AdminApi(api, settings),
                    new TokensApi(api),
                    new WebhooksApi(api));
        }
    }

    /** Answers one API route, given the parameters of its path. Runs on the worker pool (or the hashing pool). */
    @FunctionalInterface
    interface Endpoint {
        FullHttpResponse answer(Resources resources, HttpCall call, Map<String, String> params);
    }

    /** An endpoint, and whether it checks or sets a password (then it runs on the hashing pool). */
    record Route(Endpoint endpoint, boolean hashes) {}

    static final Routes<Route> TABLE = new Routes<Route>()
            .add(HttpMethod.GET, "/api/openapi.json", plain((r, call, p) -> OpenApiDocument.response()))
            .add(
                    HttpMethod.POST,
                    "/api/register",
                    hashing((r, call, p) -> r.sessions().register(call)))
            .add(
                    HttpMethod.POST,
                    "/api/login",
                    hashing((r, call, p) -> r.sessions().login(call)))
            .add(
                    HttpMethod.POST,
                    "/api/guest",
                    plain((r, call, p) -> r.sessions().guest(call)))
            .add(
                    HttpMethod.POST,
                    "/api/logout",
                    plain((r, call, p) -> r.sessions().logout(call)))
            .add(
                    HttpMethod.POST,
                    "/api/password",
                    hashing((r, call, p) -> r.sessions().changePassword(call)))
            .add(
                    HttpMethod.POST,
                    "/api/password/reset",
                    hashing((r, call, p) -> r.sessions().resetPassword(call)))
            .add(HttpMethod.GET, "/api/me", plain((r, call, p) -> r.sessions().me(call)))
            .add(
                    HttpMethod.GET,
                    "/api/session",
                    plain((r, call, p) -> r.sessions().session(call)))
            .add(
                    HttpMethod.GET,
                    "/api/config",
                    plain((r, call, p) -> r.sessions().config()))
            .add(HttpMethod.GET, "/api/rooms", plain((r, call, p) -> r.rooms().list(call)))
            .add(HttpMethod.POST, "/api/rooms", plain((r, call, p) -> r.rooms().create(call)))
            .add(
                    HttpMethod.PATCH,
                    "/api/rooms/{room}",
                    plain((r, call, p) -> r.rooms().change(call, p.get("room"))))
            .add(
                    HttpMethod.DELETE,
                    "/api/rooms/{room}",
                    plain((r, call, p) -> r.rooms().delete(call, p.get("room"))))
            .add(HttpMethod.POST, "/api/dms", plain((r, call, p) -> r.rooms().openDirect(call)))
            .add(
                    HttpMethod.GET,
                    "/api/rooms/{room}/members",
                    plain((r, call, p) -> r.members().list(call, p.get("room"))))
            .add(
                    HttpMethod.POST,
                    "/api/rooms/{room}/members",
                    plain((r, call, p) -> r.members().add(call, p.get("room"))))
            .add(
                    HttpMethod.DELETE,
                    "/api/rooms/{room}/members/{user}",
                    plain((r, call, p) -> r.members().remove(call, p.get("room"), p.get("user"))))
            .add(
                    HttpMethod.PATCH,
                    "/api/rooms/{room}/members/{user}",
                    plain((r, call, p) -> r.members().setRole(call, p.get("room"), p.get("user"))))
            .add(
                    HttpMethod.GET,
                    "/api/rooms/{room}/messages",
                    plain((r, call, p) -> r.messages().history(call, p.get("room"))))
            .add(
                    HttpMethod.GET,
                    "/api/rooms/{room}/messages/{id}",
                    plain((r, call, p) -> r.messages().one(call, p.get("room"), p.get("id"))))
            .add(
                    HttpMethod.PATCH,
                    "/api/rooms/{room}/messages/{id}",
                    plain((r, call, p) -> r.messages().edit(call, p.get("room"), p.get("id"))))
            .add(
                    HttpMethod.DELETE,
                    "/api/rooms/{room}/messages/{id}",
                    plain((r, call, p) -> r.messages().delete(call, p.get("room"), p.get("id"))))
            .add(
                    HttpMethod.GET,
                    "/api/rooms/{room}/messages/{id}/reactions",
                    plain((r, call, p) -> r.messages().reactions(call, p.get("room"), p.get("id"))))
            .add(
                    HttpMethod.PUT,
                    "/api/rooms/{room}/messages/{id}/reactions/{emoji}",
                    plain((r, call, p) -> r.messages().react(call, p.get("room"), p.get("id"), p.get("emoji"), false)))
            .add(
                    HttpMethod.DELETE,
                    "/api/rooms/{room}/messages/{id}/reactions/{emoji}",
                    plain((r, call, p) -> r.messages().react(call, p.get("room"), p.get("id"), p.get("emoji"), true)))
            .add(
                    HttpMethod.PUT,
                    "/api/rooms/{room}/read",
                    plain((r, call, p) -> r.reads().markRead(call, p.get("room"))))
            .add(
                    HttpMethod.GET,
                    "/api/mentions",
                    plain((r, call, p) -> r.reads().mentions(call)))
            .add(
                    HttpMethod.GET,
                    "/api/admin/users",
                    plain((r, call, p) -> r.admin().users(call)))
            .add(
                    HttpMethod.POST,
                    "/api/admin/users/{user}/ban",
                    plain((r, call, p) -> r.admin().ban(call, p.get("user"), true)))
            .add(
                    HttpMethod.DELETE,
                    "/api/admin/users/{user}/ban",
                    plain((r, call, p) -> r.admin().ban(call, p.get("user"), false)))
            .add(
                    HttpMethod.POST,
                    "/api/admin/users/{user}/reset",
                    plain((r, call, p) -> r.admin().issueReset(call, p.get("user"))))
            .add(
                    HttpMethod.GET,
                    "/api/admin/stats",
                    plain((r, call, p) -> r.admin().stats(call)))
            .add(HttpMethod.GET, "/api/tokens", plain((r, call, p) -> r.tokens().list(call)))
            .add(
                    HttpMethod.POST,
                    "/api/tokens",
                    plain((r, call, p) -> r.tokens().create(call)))
            .add(
                    HttpMethod.DELETE,
                    "/api/tokens/{id}",
                    plain((r, call, p) -> r.tokens().revoke(call, p.get("id"))))
            .add(
                    HttpMethod.POST,
                    "/api/admin/bots",
                    plain((r, call, p) -> r.tokens().createBot(call)))
            .add(
                    HttpMethod.GET,
                    "/api/admin/bots/{bot}/tokens",
                    plain((r, call, p) -> r.tokens().listOf(call, p.get("bot"))))
            .add(
                    HttpMethod.POST,
                    "/api/admin/bots/{bot}/tokens",
                    plain((r, call, p) -> r.tokens().createFor(call, p.get("bot"))))
            .add(
                    HttpMethod.DELETE,
                    "/api/admin/bots/{bot}/tokens/{id}",
                    plain((r, call, p) -> r.tokens().revokeOf(call, p.get("bot"), p.get("id"))))
            .add(
                    HttpMethod.GET,
                    "/api/rooms/{room}/webhooks",
                    plain((r, call, p) -> r.webhooks().list(call, p.get("room"))))
            .add(
                    HttpMethod.POST,
                    "/api/rooms/{room}/webhooks",
                    plain((r, call, p) -> r.webhooks().create(call, p.get("room"))))
            .add(
                    HttpMethod.DELETE,
                    "/api/rooms/{room}/webhooks/{id}",
                    plain((r, call, p) -> r.webhooks().delete(call, p.get("room"), p.get("id"))))
            .add(
                    HttpMethod.GET,
                    "/api/rooms/{room}/webhooks/{id}/log",
                    plain((r, call, p) -> r.webhooks().log(call, p.get("room"), p.get("id"))))
            .add(
                    HttpMethod.POST,
                    "/api/hooks/{id}/{secret}",
                    plain((r, call, p) -> r.webhooks().receive(call, p.get("id"), p.get("secret"))));

    private ApiRoutes() {}

    private static Route plain(Endpoint endpoint) {
        return new Route(endpoint, false);
    }

    private static Route hashing(Endpoint endpoint) {
        return new Route(endpoint, true);
    }
}
