package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.client.ChatApi;
import dev.chat.client.RoomInfo;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chat rooms}, {@code chat members} and private room creation against a real server. */
class MembersAndRoomsTest {

    @TempDir
    Path data;

    @TempDir
    Path anaConfig;

    @TempDir
    Path bobConfig;

    @TempDir
    Path carolConfig;

    private TestServer server;
    private Cli ana;
    private Cli bob;
    private Cli carol;
    private String carolToken;
    private ChatApi anaApi;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        anaApi = TestServer.api(server.url()).withToken(server.signUp("ana"));
        server.signUp("bob");
        carolToken = server.signUp("carol");
        ana = new Cli(anaConfig).login(server, "ana");
        bob = new Cli(bobConfig).login(server, "bob");
        carol = new Cli(carolConfig).login(server, "carol");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rooms_shows_each_rooms_kind_and_the_users_role_and_a_direct_room_by_who_it_is_with() {
        Cli.Result created = ana.run("admin", "rooms", "create", "team", "--private", "--topic", "plans");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("Created private room team.\n");
        RoomInfo dm = anaApi.openDirect(List.of("bob"));

        Cli.Result rooms = ana.run("rooms");

        assertThat(rooms.exitCode()).as(rooms.err()).isZero();
        assertThat(rooms.out())
                .isEqualTo(String.format(
                        """
                ROOM%1$s  KIND     ROLE    ONLINE  UNREAD  MENTIONS  TOPIC
                %2$s  direct   member       0       0         0  with bob
                general%3$s  public   -            0       -         -
                team%1$s  private  owner        0       0         0  plans
                """,
                        " ".repeat(dm.name().length() - 4),
                        dm.name(),
                        " ".repeat(dm.name().length() - 7)));
        assertThat(bob.run("rooms").out()).contains("with ana").doesNotContain("team");

        JsonNode json = ana.run("rooms", "--json").json().path("rooms");
        JsonNode direct = json.get(0);
        assertThat(direct.path("kind").asText()).isEqualTo("direct");
        assertThat(direct.path("joined").asBoolean()).isTrue();
        assertThat(direct.path("role").asText()).isEqualTo("member");
        assertThat(direct.path("members")).extracting(JsonNode::asText).containsExactlyInAnyOrder("ana", "bob");
        assertThat(json.get(2).path("kind").asText()).isEqualTo("private");
        assertThat(json.get(2).path("role").asText()).isEqualTo("owner");
    }

    @Test
    void members_are_listed_added_promoted_and_removed_by_the_owner() {
        ana.run("admin", "rooms", "create", "team", "--private");

        Cli.Result added = ana.run("members", "team", "add", "Carol");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).isEqualTo("Added carol to team as member.\n");
        Cli.Result promoted = ana.run("members", "#Team", "role", "carol", "moderator");
        assertThat(promoted.out()).isEqualTo("carol is now moderator of team.\n");

        Cli.Result list = carol.run("members", "team");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.lines()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).matches("USER +ROLE +SINCE");
            assertThat(lines.get(1)).matches("ana +owner +\\d{4}-.*Z");
            assertThat(lines.get(2)).matches("carol +moderator +\\d{4}-.*Z");
        });
        JsonNode json = ana.run("members", "team", "--json").json();
        assertThat(json.path("room").asText()).isEqualTo("team");
        assertThat(json.path("members"))
                .extracting(
                        m -> m.path("username").asText() + ":" + m.path("role").asText())
                .containsExactly("ana:owner", "carol:moderator");

        try (Peer carolLive = Peer.connect(server, carolToken).join("team")) {
            Cli.Result removed = ana.run("members", "team", "remove", "carol");

            assertThat(removed.out()).isEqualTo("Removed carol from team.\n");
            JsonNode closed = carolLive.await(f -> f.path("type").asText().equals("room_closed"));
            assertThat(closed.path("room").asText()).isEqualTo("team");
        }
        assertThat(ana.run("members", "team").out()).doesNotContain("carol");
    }

    @Test
    void a_member_may_not_manage_and_an_outsider_is_told_there_is_no_such_room() {
        ana.run("admin", "rooms", "create", "team", "--private");
        ana.run("members", "team", "add", "carol");

        Cli.Result byMember = carol.run("members", "team", "add", "bob");
        assertThat(byMember.exitCode()).isEqualTo(1);
        assertThat(byMember.err()).isEqualTo("chat: Only the room's owner and moderators may do that.\n");
        Cli.Result demote = carol.run("members", "team", "role", "ana", "member");
        assertThat(demote.exitCode()).isEqualTo(1);
        assertThat(demote.err()).startsWith("chat: Only the room's owner");
        Cli.Result outsider = bob.run("members", "team");
        assertThat(outsider.exitCode()).isEqualTo(1);
        assertThat(outsider.err()).startsWith("chat: ").contains("team");
        assertThat(ana.run("members", "team").out()).doesNotContain("bob");
    }

    @Test
    void a_wrong_action_or_role_is_a_usage_error() {
        Cli.Result role = ana.run("members", "general", "role", "bob", "boss");
        assertThat(role.exitCode()).isEqualTo(2);
        assertThat(role.err()).isEqualTo("chat: the role is one of owner, moderator, member, not 'boss'\n");
        Cli.Result missing = ana.run("members", "general", "add");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("chat: add takes USER (see 'chat members --help')\n");
        Cli.Result unknown = ana.run("members", "general", "invite", "bob");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("chat: unknown action 'invite'");
    }
}
