package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The abuse suite's part for private and direct rooms: a user who probes a room they are not in learns nothing (not
 * even that it exists), and a member removed hears nothing said after the removal, live or by recovery.
 */
class PrivateRoomsAbuseTest extends AbuseSuite {

    @Override
    List<String> suiteOptions() {
        return List.of("--admins", "root", "--rate-limit", "0");
    }

    @Test
    void a_non_member_gets_for_a_private_room_and_a_dm_exactly_what_a_missing_room_gets() throws Exception {
        String ana = api.signUp("ana", "ana-password");
        api.signUp("bob", "bob-password");
        String carol = api.signUp("carol", "carol-password");
        assertThat(api.post("/api/rooms", "{\"name\":\"plans\",\"visibility\":\"private\"}", ana)
                        .status())
                .isEqualTo(201);
        JsonNode dm = api.post("/api/dms", "{\"users\":[\"bob\"]}", ana).body();
        assertThat(dm.path("kind").asText()).isEqualTo("direct");
        String dmName = dm.path("name").asText();
        WsClient carols = connect(carol); // open while ana writes: a mention she should not get would reach it
        try (WsClient anas = WsClient.connect(app.port(), ana)) {
            anas.join("plans");
            // Naming carol, who is no member: she must not be mentioned, nor told.
            anas.send("type", "send", "room", "plans", "text", "the secret, not for @carol", "clientId", "a1");
            anas.awaitType("ack");
            anas.join(dmName);
            anas.send("type", "send", "room", dmName, "text", "psst bob", "clientId", "a2");
            anas.awaitType("ack");
        }
        Thread.sleep(500); // mentions are made just after the ack: time for one that should not be

        List<String> missing = NonMemberProbe.answers(api, carols, carol, "nowhere");
        List<String> secret = NonMemberProbe.answers(api, carols, carol, "plans");
        List<String> direct = NonMemberProbe.answers(api, carols, carol, dmName);

        assertThat(secret).isEqualTo(missing);
        assertThat(direct).isEqualTo(missing);
        assertThat(missing.get(0)).startsWith("404 ").contains("no_such_room");
        assertThat(String.join("\n", secret)).doesNotContain("secret", "psst", "ana");
        othersAreUnaffected();
    }

    @Test
    void a_member_removed_mid_conversation_hears_nothing_after_it_live_or_recovered() {
        String ana = api.signUp("ana", "ana-password");
        String carol = api.signUp("carol", "carol-password");
        api.post("/api/rooms", "{\"name\":\"plans\",\"visibility\":\"private\"}", ana);
        WsClient carols = connect(carol);
        assertThat(api.post("/api/rooms/plans/members", "{\"username\":\"carol\"}", ana)
                        .status())
                .isEqualTo(201);
        JsonNode added = carols.awaitType("room_added");
        assertThat(added.path("room").path("name").asText()).isEqualTo("plans");
        assertThat(added.path("room").path("role").asText()).isEqualTo("member");
        carols.join("plans");
        WsClient anas = connect(ana);
        anas.join("plans");
        anas.send("type", "send", "room", "plans", "text", "before", "clientId", "a1");
        long before = carols.await(f -> f.path("type").asText().equals("message"))
                .path("id")
                .asLong();

        assertThat(api.request("DELETE", "/api/rooms/plans/members/carol", null, ana)
                        .status())
                .isEqualTo(204);
        anas.send("type", "send", "room", "plans", "text", "after carol left", "clientId", "a2");
        anas.await(f -> f.path("type").asText().equals("ack")
                && f.path("clientId").asText().equals("a2"));

        JsonNode closed = carols.await(f -> !f.path("type").asText().equals("presence"));
        assertThat(closed.path("type").asText()).isEqualTo("room_closed");
        assertThat(closed.has("renamedTo")).isFalse();
        assertThat(carols.drain(Duration.ofMillis(500)))
                .noneMatch(f -> f.path("type").asText().equals("message"));
        carols.send("type", "join", "room", "plans", "after", before);
        assertThat(carols.awaitType("error").path("code").asText()).isEqualTo("no_such_room");
        assertThat(api.get("/api/rooms/plans/messages", carol).status()).isEqualTo(404);
        othersAreUnaffected();
    }
}
