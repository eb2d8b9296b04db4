package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.app.Config;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** An admin (named by --admins) at work over HTTP, and what the people with open sockets see of it. */
class AdminTest {

    @TempDir
    Path data;

    private ChatApplication app;
    private Api api;
    private String ana;
    private final List<WsClient> clients = new ArrayList<>();

    /** A server on fresh storage of the kind, with ana as its admin, signed in. */
    private void start(Config.Store store) {
        app = Servers.Storage.fresh(store, data).start("--admins", "ana", "--rate-limit", "0", "--node-name", "node-a");
        api = new Api(app.port());
        ana = Servers.admin(app, "ana", "ana-password");
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        if (app != null) {
            app.close();
        }
    }

    private WsClient connect(String token) {
        WsClient client = WsClient.connect(app.port(), token);
        clients.add(client);
        return client;
    }

    private static String error(Api.Response response) {
        return response.status() + " "
                + response.body().path("error").path("code").asText();
    }

    private List<Long> historyIds(String room) {
        List<Long> ids = new ArrayList<>();
        api.get("/api/rooms/" + room + "/messages", ana)
                .body()
                .get("messages")
                .forEach(m -> ids.add(m.get("id").asLong()));
        return ids;
    }

    private void post(WsClient client, String room, String text, String clientId) {
        client.send("type", "send", "room", room, "text", text, "clientId", clientId);
        client.await(f -> "ack".equals(f.path("type").asText())
                && clientId.equals(f.path("clientId").asText()));
    }

    /**
     * A name in {@code --admins} holds the role only with an account the operator made (or vouched for): the server
     * says at start which names lack one, with the command that fixes each, and stops saying it once it is run.
     */
    @Test
    void admin_names_without_an_account_the_operator_made_are_warned_about_at_start_with_their_fix() {
        app = Servers.start(data);
        api = new Api(app.port());
        api.signUp("bob", "bob-password"); // before he is named an admin: afterwards the name is the operator's
        app.close();
        app = null;

        assertThat(adminWarnings("ana,bob,cyd"))
                .containsExactlyInAnyOrder(
                        "--admins names ana, who has no account: create it on the server with "
                                + "'java -jar chat-app.jar admin create ana' (nobody else can register that name)",
                        "--admins names bob, whose account was registered, not made by the operator: it is not an "
                                + "admin until 'java -jar chat-app.jar admin vouch bob' is run on the server",
                        "--admins names cyd, who has no account: create it on the server with "
                                + "'java -jar chat-app.jar admin create cyd' (nobody else can register that name)");

        app = Servers.start(data, "--admins", "ana,bob,cyd");
        Servers.admin(app, "ana", "ana-password");
        app.close();
        app = null;

        assertThat(adminWarnings("ana,bob,cyd"))
                .hasSize(2)
                .noneMatch(line -> line.contains(" ana,"))
                .anyMatch(line -> line.contains("admin vouch bob"))
                .anyMatch(line -> line.contains("admin create cyd"));
    }

    private List<String> adminWarnings(String admins) {
        return Servers.warningsOfAStart(data, "--admins", admins).stream()
                .filter(line -> line.startsWith("--admins"))
                .toList();
    }

    @Test
    void every_admin_endpoint_refuses_someone_who_is_not_an_admin() {
        start(Config.Store.SQLITE);
        String bob = api.signUp("bob", "bob-password");
        WsClient anaSocket = connect(ana);
        anaSocket.join("general");
        post(anaSocket, "general", "hello", "a1");
        String[][] endpoints = {
            {"GET", "/api/admin/users", null},
            {"POST", "/api/admin/users/ana/ban", null},
            {"DELETE", "/api/admin/users/ana/ban", null},
            {"PATCH", "/api/rooms/general", "{\"name\":\"mine\",\"topic\":\"mine\"}"},
            // Also a room's owner's (the server's rooms have none) and, for a message, its moderators'.
            {"DELETE", "/api/rooms/general", null, "Only the room's owner may do that."},
            {"DELETE", "/api/rooms/general/messages/1", null, "Only the room's owner and moderators may do that."},
            {"GET", "/api/admin/stats", null}
        };

        for (String[] e : endpoints) {
            Api.Response asBob = api.request(e[0], e[1], e[2], bob);
            assertThat(error(asBob)).as("%s %s as bob", e[0], e[1]).isEqualTo("403 forbidden");
            assertThat(asBob.body().get("error").get("message").asText())
                    .isEqualTo(e.length > 3 ? e[3] : "Only an admin can do that.");
            assertThat(error(api.request(e[0], e[1], e[2], null)))
                    .as("%s %s signed out", e[0], e[1])
                    .isEqualTo("401 unauthorized");
        }

        assertThat(api.post("/api/login", Api.credentials("ana", "ana-password"), null)
                        .status())
                .isEqualTo(200);
        assertThat(historyIds("general")).containsExactly(1L);
        assertThat(api.get("/api/rooms", bob)
                        .body()
                        .get("rooms")
                        .get(0)
                        .get("topic")
                        .asText())
                .isEmpty();
    }

    @Test
    void users_are_listed_with_their_ban_and_their_role() {
        start(Config.Store.SQLITE);
        api.signUp("bob", "bob-password");
        assertThat(api.request("POST", "/api/admin/users/Bob/ban", null, ana)
                        .body()
                        .toString())
                .isEqualTo("{\"username\":\"bob\",\"banned\":true}");

        JsonNode users = api.get("/api/admin/users", ana).body().get("users");

        assertThat(users)
                .extracting(u -> u.get("username").asText() + " banned="
                        + u.get("banned").asBoolean() + " admin="
                        + u.get("admin").asBoolean())
                .containsExactly("ana banned=false admin=true", "bob banned=true admin=false");
        assertThat(users.get(0).get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @ParameterizedTest
    @EnumSource(Config.Store.class)
    void a_ban_closes_the_banned_user_s_socket_and_refuses_their_sign_in_until_it_is_lifted(Config.Store store) {
        start(store);
        String bob = api.signUp("bob", "bob-password");
        WsClient bobSocket = connect(bob);
        bobSocket.join("general");
        WsClient anaSocket = connect(ana);
        anaSocket.join("general");

        assertThat(api.request("POST", "/api/admin/users/bob/ban", null, ana).status())
                .isEqualTo(200);

        assertThat(bobSocket.awaitClose()).isEqualTo(4403);
        assertThat(anaSocket
                        .await(f -> "presence".equals(f.path("type").asText()))
                        .toString())
                .isEqualTo("{\"type\":\"presence\",\"room\":\"general\",\"user\":\"bob\",\"state\":\"offline\"}");
        Api.Response login = api.post("/api/login", Api.credentials("bob", "bob-password"), null);
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.body().toString())
                .isEqualTo("{\"error\":{\"code\":\"banned\",\"message\":\"This account is banned.\"}}");
        assertThat(error(api.get("/api/me", bob))).as("the old session").isEqualTo("401 unauthorized");
        assertThat(error(api.post("/api/login", Api.credentials("bob", "wrong-password"), null)))
                .as("a wrong password does not learn of the ban")
                .isEqualTo("401 invalid_credentials");

        assertThat(api.request("DELETE", "/api/admin/users/bob/ban", null, ana)
                        .body()
                        .toString())
                .isEqualTo("{\"username\":\"bob\",\"banned\":false}");
        WsClient back = connect(api.login("bob", "bob-password"));
        back.join("general");
        post(back, "general", "I am back", "b1");
    }

    @Test
    void a_ban_names_someone_else_who_exists() {
        start(Config.Store.SQLITE);
        assertThat(error(api.request("POST", "/api/admin/users/nobody/ban", null, ana)))
                .isEqualTo("404 no_such_user");
        assertThat(error(api.request("DELETE", "/api/admin/users/nobody/ban", null, ana)))
                .isEqualTo("404 no_such_user");
        assertThat(error(api.request("POST", "/api/admin/users/ana/ban", null, ana)))
                .isEqualTo("400 bad_request");
        assertThat(api.get("/api/me", ana).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Config.Store.class)
    void a_deleted_message_leaves_an_open_client_and_the_history(Config.Store store) {
        start(store);
        WsClient bob = connect(api.signUp("bob", "bob-password"));
        bob.join("general");
        WsClient anaSocket = connect(ana);
        anaSocket.join("general");
        for (int i = 1; i <= 3; i++) {
            post(anaSocket, "general", "message " + i, "a" + i);
        }

        assertThat(api.request("DELETE", "/api/rooms/general/messages/2", null, ana)
                        .status())
                .isEqualTo(204);

        assertThat(bob.awaitType("deleted").toString())
                .as("the deletion took position 4")
                .isEqualTo("{\"type\":\"deleted\",\"room\":\"general\",\"id\":2,\"seq\":4}");
        assertThat(historyIds("general")).containsExactly(3L, 1L);
        assertThat(error(api.request("DELETE", "/api/rooms/general/messages/2", null, ana)))
                .isEqualTo("404 no_such_message");
        assertThat(error(api.request("DELETE", "/api/rooms/general/messages/two", null, ana)))
                .isEqualTo("400 bad_request");
        assertThat(error(api.request("DELETE", "/api/rooms/nowhere/messages/1", null, ana)))
                .isEqualTo("404 no_such_room");

        WsClient late = connect(ana);
        late.send("type", "join", "room", "general", "after", 0);
        assertThat(late.awaitType("joined").get("recovered").asInt()).isEqualTo(2);
        assertThat(List.of(
                        late.awaitType("message").get("id").asLong(),
                        late.awaitType("message").get("id").asLong()))
                .containsExactly(1L, 3L);
    }

    @ParameterizedTest
    @EnumSource(Config.Store.class)
    void a_renamed_room_sends_its_readers_the_new_name_and_keeps_its_history(Config.Store store) {
        start(store);
        WsClient bob = connect(api.signUp("bob", "bob-password"));
        bob.join("general");
        WsClient anaSocket = connect(ana);
        anaSocket.join("general");
        post(anaSocket, "general", "one", "a1");
        post(anaSocket, "general", "two", "a2");

        Api.Response renamed =
                api.request("PATCH", "/api/rooms/general", "{\"name\":\"Lobby\",\"topic\":\"Say hi\"}", ana);

        assertThat(renamed.status()).isEqualTo(200);
        // Ana joined general, so she is a member of lobby: memberships move with a rename.
        assertThat(renamed.body().toString())
                .isEqualTo("{\"name\":\"lobby\",\"topic\":\"Say hi\",\"online\":0,\"kind\":\"public\","
                        + "\"joined\":true,\"role\":\"member\",\"unread\":0,\"mentions\":0,\"readUpTo\":0}");
        assertThat(bob.awaitType("room_closed").toString())
                .isEqualTo("{\"type\":\"room_closed\",\"room\":\"general\",\"renamedTo\":\"lobby\"}");
        assertThat(historyIds("lobby")).containsExactly(2L, 1L);
        assertThat(error(api.get("/api/rooms/general/messages", ana))).isEqualTo("404 no_such_room");
        assertThat(api.get("/api/rooms", ana).body().get("rooms"))
                .extracting(r -> r.get("name").asText())
                .containsExactly("lobby");
        bob.send("type", "send", "room", "general", "text", "still here?", "clientId", "b0");
        assertThat(bob.awaitType("error").get("code").asText()).isEqualTo("not_joined");

        bob.send("type", "join", "room", "lobby", "after", 2);
        assertThat(bob.awaitType("joined").get("recovered").asInt()).isZero();
        anaSocket.join("lobby");
        post(anaSocket, "lobby", "three", "a3");
        JsonNode three = bob.awaitType("message");
        assertThat(three.get("id").asLong()).isEqualTo(3);
        assertThat(three.get("room").asText()).isEqualTo("lobby");
    }

    @Test
    void a_room_s_topic_is_set_by_itself_and_a_change_needs_something_to_change() {
        start(Config.Store.SQLITE);
        Api.Response topic = api.request("PATCH", "/api/rooms/general", "{\"topic\":\"Be kind\"}", ana);

        assertThat(topic.body().toString())
                .isEqualTo("{\"name\":\"general\",\"topic\":\"Be kind\",\"online\":0,\"kind\":\"public\","
                        + "\"joined\":false}");
        assertThat(api.get("/api/rooms", ana)
                        .body()
                        .get("rooms")
                        .get(0)
                        .get("topic")
                        .asText())
                .isEqualTo("Be kind");
        assertThat(error(api.request("PATCH", "/api/rooms/general", "{}", ana))).isEqualTo("400 bad_request");
        assertThat(error(api.request("PATCH", "/api/rooms/general", "{\"name\":\"lobby\",\"topic\":\"a\\nb\"}", ana)))
                .isEqualTo("400 invalid_topic");
        assertThat(error(api.request("PATCH", "/api/rooms/nowhere", "{\"topic\":\"x\"}", ana)))
                .isEqualTo("404 no_such_room");
        api.post("/api/rooms", "{\"name\":\"random\"}", ana);
        assertThat(error(api.request("PATCH", "/api/rooms/general", "{\"name\":\"random\"}", ana)))
                .isEqualTo("409 room_exists");
        assertThat(api.get("/api/rooms", ana).body().get("rooms"))
                .extracting(r -> r.get("name").asText())
                .containsExactly("general", "random");
    }

    @ParameterizedTest
    @EnumSource(Config.Store.class)
    void a_deleted_room_is_closed_for_open_clients_and_gone(Config.Store store) {
        start(store);
        api.post("/api/rooms", "{\"name\":\"random\"}", ana);
        WsClient bob = connect(api.signUp("bob", "bob-password"));
        bob.join("random");
        bob.join("general");
        WsClient anaSocket = connect(ana);
        anaSocket.join("random");
        post(anaSocket, "random", "soon gone", "a1");

        assertThat(api.request("DELETE", "/api/rooms/random", null, ana).status())
                .isEqualTo(204);

        assertThat(bob.awaitType("room_closed").toString()).isEqualTo("{\"type\":\"room_closed\",\"room\":\"random\"}");
        assertThat(api.get("/api/rooms", ana).body().get("rooms"))
                .extracting(r -> r.get("name").asText())
                .containsExactly("general");
        assertThat(error(api.request("DELETE", "/api/rooms/random", null, ana))).isEqualTo("404 no_such_room");
        bob.send("type", "join", "room", "random");
        assertThat(bob.awaitType("error").get("code").asText()).isEqualTo("no_such_room");
        post(bob, "general", "general still works", "b1");
    }

    @Test
    void stats_show_who_is_online_the_connections_and_the_messages_of_the_last_minute() {
        start(Config.Store.SQLITE);
        WsClient anaSocket = connect(ana);
        anaSocket.join("general");
        connect(ana);
        WsClient bob = connect(api.signUp("bob", "bob-password"));
        bob.join("general");
        post(anaSocket, "general", "one", "a1");
        post(bob, "general", "two", "b1");

        JsonNode stats = api.get("/api/admin/stats", ana).body();

        assertThat(stats.toString())
                .isEqualTo("{\"onlineUsers\":2,\"messagesPerMinute\":2,\"nodes\":["
                        + "{\"node\":\"node-a\",\"connections\":3,\"onlineUsers\":2,\"messagesPerMinute\":2}]}");
    }

    @Test
    void every_admin_action_is_one_line_of_the_audit_log() {
        start(Config.Store.SQLITE);
        Logger audit = (Logger) LoggerFactory.getLogger("audit");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        try {
            String bob = api.signUp("bob", "bob-password");
            WsClient bobSocket = connect(bob);
            bobSocket.join("general");
            // Someone else's message: deleting one's own is no moderation, and is not audited.
            post(bobSocket, "general", "one", "b1");
            api.request("POST", "/api/admin/users/bob/ban", null, ana);
            api.request("DELETE", "/api/admin/users/bob/ban", null, ana);
            api.request("DELETE", "/api/rooms/general/messages/1", null, ana);
            api.request("PATCH", "/api/rooms/general", "{\"name\":\"lobby\",\"topic\":\"Hi\"}", ana);
            api.request("DELETE", "/api/rooms/lobby", null, ana);
            api.get("/api/admin/users", ana);
            api.request("POST", "/api/admin/users/nobody/ban", null, ana);
        } finally {
            audit.detachAppender(lines);
        }

        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "admin=ana action=ban target=bob",
                        "admin=ana action=unban target=bob",
                        "admin=ana action=delete-message target=general/1",
                        "admin=ana action=rename-room target=general->lobby",
                        "admin=ana action=set-topic target=lobby",
                        "admin=ana action=delete-room target=lobby");
        assertThat(lines.list).extracting(e -> e.getLevel().toString()).containsOnly("INFO");
    }
}
