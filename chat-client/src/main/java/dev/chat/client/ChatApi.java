package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server's HTTP API as one user (or nobody, before signing in) sees it: JSON in, JSON out, and typed
 * calls for signing in, the session, rooms, direct rooms, members, access tokens, webhooks, history, changes to
 * messages (edits, deletions, reactions), read markers and mentions. Every failure is a {@link ClientException}.
 */
public final class ChatApi {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The most pages {@link #rooms()} and {@link #members} read: 100 rooms or members each. */
    static final int MAX_PAGES = 100;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** A signed-in session: the name as stored, and the bearer token every later call carries. */
    public record SignedIn(String username, String token, boolean guest, boolean admin) {}

    /** One page of a room's history, newest first; {@code more} when older messages exist. */
    public record HistoryPage(String room, List<Message> messages, boolean more) {}

    /** Who may see a new room: everyone signed in, or its members only. */
    public enum Visibility {
        PUBLIC("public"),
        PRIVATE("private");

        private final String wire;

        Visibility(String wire) {
            this.wire = wire;
        }
    }

    private final HttpClient http;
    private final String server;
    private final String token;
    private final HttpCalls calls;

    /** The API of the server at {@code server} (like {@code http://localhost:8080}), without a session yet. */
    public ChatApi(String server) {
        this(newHttpClient(), server, null);
    }

    /** {@code token} may be null for the calls that need no session (sign in, register). */
    public ChatApi(HttpClient http, String server, String token) {
        this.http = http;
        this.server = server;
        this.token = token;
        this.calls = new HttpCalls(http, server, token);
    }

    /** HTTP/1.1 (the server does not speak HTTP/2), with a connect timeout. */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** The same server as the user whose session {@code token} is. */
    public ChatApi withToken(String token) {
        return new ChatApi(http, server, token);
    }

    public String server() {
        return server;
    }

    /** The session's bearer token, or null. */
    public String token() {
        return token;
    }

    /** Creates an account; does not sign in. Returns the name as stored (ASCII letters lower-cased). */
    public String register(String username, String password) {
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
        return post("/api/register", body).path("username").asText(username);
    }

    /** Signs in with a password: a new session. */
    public SignedIn login(String username, String password) {
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
        return signedIn(post("/api/login", body), username);
    }

    /** Signs in as a new guest, where the server allows guests. */
    public SignedIn guest() {
        return signedIn(post("/api/guest", null), "");
    }

    private SignedIn signedIn(JsonNode me, String username) {
        String issued = me.path("token").asText("");
        if (issued.isEmpty()) {
            throw ClientException.of(
                    ClientException.Kind.NOT_A_CHAT_SERVER,
                    server,
                    server + " answered the sign-in without a token; is it a chat server?");
        }
        return new SignedIn(
                me.path("username").asText(username),
                issued,
                me.path("guest").asBoolean(false),
                me.path("admin").asBoolean(false));
    }

    /** Whether this API's session is still valid (without a session: false); answers 200 either way. */
    public boolean signedIn() {
        return get("/api/session").path("signedIn").asBoolean(false);
    }

    /** Ends this API's session on the server; its WebSockets close with {@code 4401}. */
    public void logout() {
        post("/api/logout", null);
    }

    /**
     * The rooms the user may see, as {@code {"rooms": [room objects]}} the way the server sent them (fields this
     * client does not know included): the server lists them a page at a time, and this follows the pages (up to
     * {@value #MAX_PAGES} of them).
     */
    public JsonNode rooms() {
        ObjectNode all = JSON.createObjectNode();
        all.set("rooms", pages("/api/rooms", "rooms", "name"));
        return all;
    }

    /** {@link #rooms()}, typed: every public room, and the private and direct rooms the user is a member of. */
    public List<RoomInfo> roomList() {
        List<RoomInfo> list = new ArrayList<>();
        rooms().path("rooms").forEach(r -> list.add(RoomInfo.from(r)));
        return List.copyOf(list);
    }

    /** Creates a room (the user is its owner); {@code topic} may be null. */
    public RoomInfo createRoom(String name, String topic, Visibility visibility) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("visibility", visibility.wire);
        if (topic != null) {
            body.put("topic", topic);
        }
        return RoomInfo.from(post("/api/rooms", body));
    }

    /**
     * The one direct room of the user and {@code users} (1 to 8 others), created if it does not exist yet; everyone
     * in it gets {@link ChatListener#roomAdded}. Its name is the server's ({@code dm-…}); {@link RoomInfo#others}
     * names it as a person would.
     */
    public RoomInfo openDirect(List<String> users) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode names = body.putArray("users");
        users.forEach(names::add);
        return RoomInfo.from(post("/api/dms", body));
    }

    /** The room's members with their roles, by name (following the server's pages). */
    public List<Member> members(String room) {
        List<Member> members = new ArrayList<>();
        pages(membersPath(room), "members", "username").forEach(m -> members.add(Member.from(m)));
        return List.copyOf(members);
    }

    /** Adds a member to a private room (for its owner and moderators); they get {@link ChatListener#roomAdded}. */
    public Member addMember(String room, String user) {
        return Member.from(post(membersPath(room), JSON.createObjectNode().put("username", user)));
    }

    /** Takes a member out of a room (or the user out of it, leaving); their live feed of it closes at once. */
    public void removeMember(String room, String user) {
        delete(membersPath(room) + "/" + segment(user));
    }

    /** Gives a member the role {@code owner}, {@code moderator} or {@code member}; answers the member as changed. */
    public Member setRole(String room, String user, String role) {
        return Member.from(patch(
                membersPath(room) + "/" + segment(user), JSON.createObjectNode().put("role", role)));
    }

    private static String membersPath(String room) {
        return "/api/rooms/" + segment(room) + "/members";
    }

    /** Every item of a listing the server pages with {@code after} = the {@code key} of the last item so far. */
    private ArrayNode pages(String path, String field, String key) {
        ArrayNode items = JSON.createArrayNode();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode answer = get(path + (after == null ? "" : "?after=" + segment(after)));
            answer.path(field).forEach(items::add);
            if (!answer.path("more").asBoolean(false) || items.isEmpty()) {
                break;
            }
            after = items.get(items.size() - 1).path(key).asText();
        }
        return items;
    }

    /**
     * Makes an access token for the signed-in user (from a session, not with a token): {@code rooms} empty for every
     * room, {@code write} false for read-only, {@code expiresAt} null for never. The answer holds its secret, shown
     * this once.
     */
    public AccessToken createToken(String name, List<String> rooms, boolean write, Instant expiresAt) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("scope", write ? "read_write" : "read");
        ArrayNode list = body.putArray("rooms");
        rooms.forEach(list::add);
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        return AccessToken.from(post("/api/tokens", body));
    }

    /** The signed-in user's access tokens, newest first, without their secrets. */
    public List<AccessToken> tokens() {
        List<AccessToken> tokens = new ArrayList<>();
        get("/api/tokens").path("tokens").forEach(t -> tokens.add(AccessToken.from(t)));
        return List.copyOf(tokens);
    }

    /** Revokes one of the signed-in user's access tokens: its connections close on every node. */
    public void revokeToken(String id) {
        delete("/api/tokens/" + segment(id));
    }

    /**
     * Gives the room a webhook (for its owner or an admin), with a bot account of its own named {@code name}: kind
     * {@link Webhook#INCOMING} (programs post to its secret URL; {@code url} and {@code trigger} null) or {@link
     * Webhook#OUTGOING} (the room's messages are sent to the https:// {@code url}: every one, or with {@code trigger}
     * those whose first word it is). The answer holds its secret, shown this once. Refused with {@code name_taken},
     * {@code webhook_url_refused}, {@code too_many_webhooks}, {@code forbidden}, {@code no_such_room}.
     */
    public NewWebhook createWebhook(String room, String kind, String name, String url, String trigger) {
        ObjectNode body = JSON.createObjectNode().put("kind", kind).put("name", name);
        if (url != null) {
            body.put("url", url);
        }
        if (trigger != null) {
            body.put("trigger", trigger);
        }
        return NewWebhook.from(post(webhooksPath(room), body));
    }

    /** The room's webhooks, oldest first, without their secrets (for its owner or an admin). */
    public List<Webhook> webhooks(String room) {
        List<Webhook> webhooks = new ArrayList<>();
        get(webhooksPath(room)).path("webhooks").forEach(w -> webhooks.add(Webhook.from(w)));
        return List.copyOf(webhooks);
    }

    /** Deletes one of the room's webhooks: its URL stops working and nothing more is sent; its bot stays. */
    public void deleteWebhook(String room, String id) {
        delete(webhooksPath(room) + "/" + segment(id));
    }

    /** An outgoing webhook's last 50 delivery attempts, newest first (an incoming webhook's log is empty). */
    public List<WebhookAttempt> webhookLog(String room, String id) {
        List<WebhookAttempt> attempts = new ArrayList<>();
        get(webhooksPath(room) + "/" + segment(id) + "/log")
                .path("attempts")
                .forEach(a -> attempts.add(WebhookAttempt.from(a)));
        return List.copyOf(attempts);
    }

    private static String webhooksPath(String room) {
        return "/api/rooms/" + segment(room) + "/webhooks";
    }

    /** What posting to an incoming webhook stored: the message's room and id; {@code duplicate} for a key seen before. */
    public record WebhookPost(String room, long id, boolean duplicate) {}

    /**
     * Posts {@code text} through an incoming webhook, as a program without an account would: the secret URL is the only
     * credential, and this API's session (if any) is not sent. {@code hookUrl} is {@link NewWebhook#hookUrl()} (a path
     * on this API's server) or a full {@code http(s)://} URL; {@code username} (shown as "ci (via webhook)") and {@code
     * idempotencyKey} (the same key stores the message once) may be null. Refused with {@code no_such_webhook} (a
     * wrong secret or a deleted webhook), {@code invalid_text}, {@code rate_limited}.
     */
    public WebhookPost postToWebhook(String hookUrl, String text, String username, String idempotencyKey) {
        String origin = server;
        String path = hookUrl;
        if (!hookUrl.startsWith("/")) {
            URI full = fullHookUrl(hookUrl);
            origin = full.getScheme() + "://" + full.getRawAuthority();
            path = full.getRawPath();
        }
        ObjectNode body = JSON.createObjectNode().put("text", text);
        if (username != null) {
            body.put("username", username);
        }
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
        JsonNode stored = new HttpCalls(http, origin, null).call("POST", path, body, headers);
        return new WebhookPost(
                stored.path("room").asText(),
                stored.path("id").asLong(),
                stored.path("duplicate").asBoolean(false));
    }

    private URI fullHookUrl(String hookUrl) {
        try {
            URI full = new URI(hookUrl);
            String scheme = full.getScheme() == null ? "" : full.getScheme();
            if ((scheme.equals("http") || scheme.equals("https")) && full.getRawAuthority() != null) {
                return full;
            }
        } catch (URISyntaxException e) {
            // refused below, without repeating the URL: it holds the webhook's secret
        }
        throw ClientException.of(
                ClientException.Kind.BAD_URL,
                server,
                "a webhook's URL is a path (/api/hooks/…) or an http:// or https:// URL");
    }

    /** A page of the room's history, newest first: the newest {@code limit}, or those before the id {@code before}. */
    public HistoryPage history(String room, Long before, int limit) {
        JsonNode page = historyJson(room, before, limit);
        List<Message> messages = new ArrayList<>();
        page.path("messages").forEach(m -> messages.add(Message.from(m)));
        return new HistoryPage(room, List.copyOf(messages), page.path("more").asBoolean(false));
    }

    /** The history page as the server sent it, fields this client does not know included. */
    public JsonNode historyJson(String room, Long before, int limit) {
        return get("/api/rooms/" + segment(room) + "/messages?limit=" + limit
                + (before == null ? "" : "&before=" + before));
    }

    /**
     * One message as it is now, such as the one a reply answers ({@link Message#replyTo()}) when it is not at hand;
     * {@code no_such_message} when there is none, or it was deleted.
     */
    public Message message(String room, long id) {
        return Message.from(get(messagePath(room, id)));
    }

    /**
     * Gives the user's own message a new text; answers the message as edited (same id, new text, {@code edited} and
     * {@code seq}). Refused with {@code forbidden} (someone else's), {@code no_such_message}, {@code invalid_text},
     * {@code rate_limited} (edits count as sends).
     */
    public Message edit(String room, long id, String text) {
        return Message.from(patch(messagePath(room, id), JSON.createObjectNode().put("text", text)));
    }

    /**
     * Deletes a message: the user's own, or any in a room they own or moderate (or any, for an admin). Refused with
     * {@code forbidden}, or {@code no_such_message} (none, or deleted already).
     */
    public void deleteMessage(String room, long id) {
        delete(messagePath(room, id));
    }

    /**
     * Adds the user's reaction, one emoji ({@code "👍"}; adding it again changes nothing); answers the message as it is
     * then. Refused with {@code invalid_emoji} (not one emoji), {@code too_many_reactions}, {@code no_such_message}.
     */
    public Message react(String room, long id, String emoji) {
        return Message.from(put(reactionPath(room, id, emoji), null));
    }

    /** Takes the user's reaction back (one they did not make changes nothing); answers the message as it is then. */
    public Message unreact(String room, long id, String emoji) {
        return Message.from(delete(reactionPath(room, id, emoji)));
    }

    /** Who reacted to the message with what: each emoji with its people, in the order they reacted. */
    public List<WhoReacted> reactions(String room, long id) {
        List<WhoReacted> who = new ArrayList<>();
        get(messagePath(room, id) + "/reactions").path("reactions").forEach(r -> who.add(WhoReacted.from(r)));
        return List.copyOf(who);
    }

    /**
     * Moves the user's read marker of the room to {@code position} (a message id or change seq); it only moves
     * forward. Every connection of the user gets {@code read_state} ({@link ChatListener#readState}); answers the read
     * state after it. Refused with {@code forbidden} for guests.
     */
    public ReadState markRead(String room, long position) {
        return ReadState.from(put(
                "/api/rooms/" + segment(room) + "/read", JSON.createObjectNode().put("id", position)));
    }

    /** {@link #mentions(int)} of the newest 50. */
    public List<Mention> mentions() {
        return mentions(50);
    }

    /**
     * The messages that called the user by name, newest first ({@code limit} 1–100), as they are now; unread while
     * after the user's read marker of their room.
     */
    public List<Mention> mentions(int limit) {
        List<Mention> mentions = new ArrayList<>();
        get("/api/mentions?limit=" + limit).path("mentions").forEach(m -> mentions.add(Mention.from(m)));
        return List.copyOf(mentions);
    }

    private static String messagePath(String room, long id) {
        return "/api/rooms/" + segment(room) + "/messages/" + id;
    }

    private static String reactionPath(String room, long id, String emoji) {
        return messagePath(room, id) + "/reactions/" + segment(emoji);
    }

    public JsonNode get(String path) {
        return calls.call("GET", path, null);
    }

    public JsonNode post(String path, JsonNode body) {
        return calls.call("POST", path, body);
    }

    public JsonNode put(String path, JsonNode body) {
        return calls.call("PUT", path, body);
    }

    public JsonNode patch(String path, JsonNode body) {
        return calls.call("PATCH", path, body);
    }

    public JsonNode delete(String path) {
        return calls.call("DELETE", path, null);
    }

    /** A path segment made safe for a URL (room and user names normally need nothing). */
    public static String segment(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
