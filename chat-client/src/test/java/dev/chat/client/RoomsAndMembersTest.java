package dev.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chat.client.Recorder.Joined;
import dev.chat.client.Recorder.RoomAdded;
import dev.chat.client.Recorder.RoomClosed;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Private rooms, direct rooms and members through {@link ChatApi}, and {@code room_added}, against a real server. */
@Timeout(120)
class RoomsAndMembersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private TestServer server;
    private ChatApi ana;
    private ChatApi bob;
    private ChatApi carol;
    private final List<ChatClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        ana = api(server.signUp("ana"));
        bob = api(server.signUp("bob"));
        carol = api(server.signUp("carol"));
    }

    @AfterEach
    void stop() {
        clients.forEach(ChatClient::close);
        server.close();
    }

    private ChatApi api(String token) {
        return TestServer.api(server.url()).withToken(token);
    }

    private ChatClient open(ChatApi api, String user, Recorder events) {
        ChatClient client = new ChatClient(api, user, events);
        clients.add(client);
        client.open();
        return client;
    }

    @Test
    void a_private_room_is_its_creators_to_own_and_invisible_to_others() {
        RoomInfo team = ana.createRoom("Team", "plans", ChatApi.Visibility.PRIVATE);

        assertThat(team).isEqualTo(new RoomInfo("team", "plans", 0, "private", true, "owner", List.of()));
        assertThat(ana.roomList())
                .extracting(RoomInfo::name, RoomInfo::kind, RoomInfo::role)
                .contains(tuple("team", "private", "owner"));
        assertThat(bob.roomList()).extracting(RoomInfo::name).doesNotContain("team");
        assertThat(ana.createRoom("open", null, ChatApi.Visibility.PUBLIC).kind())
                .isEqualTo("public");
        assertThat(bob.roomList())
                .filteredOn(r -> r.name().equals("open"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.joined()).isFalse();
                    assertThat(r.role()).isNull();
                });
    }

    @Test
    void opening_a_direct_room_twice_finds_the_same_one_and_tells_the_other_person() throws Exception {
        Recorder bobs = new Recorder();
        open(bob, "bob", bobs);

        RoomInfo dm = ana.openDirect(List.of("bob"));

        assertThat(dm.name()).startsWith("dm-");
        assertThat(dm.isDirect()).isTrue();
        assertThat(dm.members()).containsExactlyInAnyOrder("ana", "bob");
        assertThat(dm.others("ana")).containsExactly("bob");
        RoomAdded added = bobs.await(RoomAdded.class);
        assertThat(added.room().name()).isEqualTo(dm.name());
        assertThat(added.room().kind()).isEqualTo("direct");
        assertThat(added.room().others("bob")).containsExactly("ana");
        assertThat(bob.openDirect(List.of("ana")).name()).isEqualTo(dm.name());
        assertThat(bob.roomList()).extracting(RoomInfo::name).contains(dm.name());
        assertThat(carol.roomList()).extracting(RoomInfo::name).doesNotContain(dm.name());
    }

    @Test
    void owners_add_promote_and_remove_members_and_the_removed_stop_receiving() throws Exception {
        ana.createRoom("team", null, ChatApi.Visibility.PRIVATE);
        Recorder carols = new Recorder();
        ChatClient carolsClient = open(carol, "carol", carols);

        Member added = ana.addMember("team", "carol");

        assertThat(added.username()).isEqualTo("carol");
        assertThat(added.role()).isEqualTo("member");
        assertThat(added.since()).isAfter(Instant.EPOCH);
        RoomInfo seen = carols.await(RoomAdded.class).room();
        assertThat(seen.name()).isEqualTo("team");
        assertThat(seen.kind()).isEqualTo("private");
        assertThat(seen.role()).isEqualTo("member");
        assertThat(ana.setRole("team", "carol", "moderator").role()).isEqualTo("moderator");
        assertThat(carol.members("team"))
                .extracting(Member::username, Member::role)
                .containsExactly(tuple("ana", "owner"), tuple("carol", "moderator"));

        carolsClient.follow("team", 0);
        carols.await(Joined.class, j -> j.room().equals("team"));
        ana.removeMember("team", "carol");

        assertThat(carols.await(RoomClosed.class)).isEqualTo(new RoomClosed("team", null));
        assertThat(ana.members("team")).extracting(Member::username).containsExactly("ana");
    }

    @Test
    void a_bot_is_marked_in_the_member_list_and_on_what_it_writes() throws Exception {
        ChatApi admin = api(server.signUp("admin"));
        admin.post("/api/admin/bots", JSON.createObjectNode().put("username", "robo"));
        String secret = admin.post(
                        "/api/admin/bots/robo/tokens", JSON.createObjectNode().put("name", "ci"))
                .path("token")
                .asText();
        ana.createRoom("team", null, ChatApi.Visibility.PRIVATE);

        Member added = ana.addMember("team", "robo");
        Recorder robos = new Recorder();
        ChatClient robo = open(api(secret), "robo", robos);
        robo.follow("team", 0);
        robos.await(Joined.class, j -> j.room().equals("team"));
        robo.send("team", "build green");
        ana.addMember("team", "bob");
        server.awaitStored("team", ana.token(), 1);

        assertThat(added.bot()).isTrue();
        assertThat(ana.members("team"))
                .extracting(Member::username, Member::bot)
                .containsExactly(tuple("ana", false), tuple("bob", false), tuple("robo", true));
        assertThat(ana.history("team", null, 10).messages())
                .extracting(Message::user, Message::bot, Message::via)
                .containsExactly(tuple("robo", true, null));
    }

    @Test
    void members_may_not_manage_and_outsiders_see_no_room() {
        ana.createRoom("team", null, ChatApi.Visibility.PRIVATE);
        ana.addMember("team", "carol");

        assertThatThrownBy(() -> carol.addMember("team", "bob")).isInstanceOfSatisfying(ClientException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("forbidden");
        });
        assertThatThrownBy(() -> bob.members("team"))
                .isInstanceOfSatisfying(
                        ClientException.class, e -> assertThat(e.code()).isEqualTo("no_such_room"));
        assertThatThrownBy(() -> carol.setRole("team", "ana", "member"))
                .isInstanceOfSatisfying(
                        ClientException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
}
