package dev.chat.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.cli.Cli;
import dev.chat.cli.Peer;
import dev.chat.client.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mention rings the bell and shows highlighted; {@code chat mentions} and {@code chat rooms} count it. */
class MentionsInTheTerminalTest {

    /** An SGR sequence that turns reverse video on. */
    private static final Pattern REVERSE = Pattern.compile("\u001b\\[(?:[0-9;]*;)?7(?:;[0-9;]*)?m");

    @TempDir
    Path data;

    @TempDir
    Path config;

    private TestServer server;
    private String anaToken;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        anaToken = server.signUp("ana");
        String bobToken = server.signUp("bob");
        server.createRoom(anaToken, "random");
        // bob is a member of #general from now on: the server keeps his read state there.
        Peer.connect(server, bobToken).join("general").close();
        new Cli(config).login(server, "bob");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_mention_in_a_room_not_open_rings_the_bell_shows_highlighted_and_is_listed_until_read() throws Exception {
        Cli cli = new Cli(config);
        try (Peer ana = Peer.connect(server, anaToken).join("general");
                PipedTerminal bob = new PipedTerminal(config, "xterm-256color", Map.of(), "room", "random")) {
            bob.await("You are in #random");
            assertThat(bob.bytes()).doesNotContain((byte) 7);

            long id = ana.say("general", "@bob can you look at the build?");

            String screen = bob.await("can you look at the build?");
            assertThat(bob.bytes()).contains((byte) 7);
            int at = screen.indexOf("can you look");
            String line = screen.substring(screen.lastIndexOf('\n', at), at);
            assertThat(line).contains("#general").contains("ana");
            assertThat(REVERSE.matcher(line).find())
                    .as("highlighted: %s", line.replace('\u001b', '⎋'))
                    .isTrue();

            assertThat(cli.run("mentions").lines())
                    .singleElement()
                    .satisfies(l ->
                            assertThat(l).startsWith("* #general  ").endsWith("ana: @bob can you look at the build?"));
            JsonNode general = room(cli.run("rooms", "--json").json(), "general");
            assertThat(general.path("unread").asInt()).isEqualTo(1);
            assertThat(general.path("mentions").asInt()).isEqualTo(1);
            assertThat(cli.run("rooms").out()).containsPattern("general +public +member +\\d+ +1 +1");

            bob.type("/join general\r");
            awaitRead(cli, id);
            assertThat(cli.run("mentions").lines())
                    .singleElement()
                    .satisfies(l -> assertThat(l).startsWith("  #general  "));
            assertThat(room(cli.run("rooms", "--json").json(), "general")
                            .path("mentions")
                            .asInt())
                    .isZero();
        }
    }

    @Test
    void a_mention_in_the_open_room_shows_highlighted_once() throws Exception {
        try (Peer ana = Peer.connect(server, anaToken).join("general");
                PipedTerminal bob = new PipedTerminal(config, "xterm-256color", Map.of(), "room", "general")) {
            bob.await("You are in #general");
            ana.say("general", "plain words");
            ana.say("general", "thanks @Bob!");

            String screen = bob.await("thanks @Bob!");
            long deadline = System.currentTimeMillis() + 5000;
            while (!bob.screen().contains("\u0007") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(bob.bytes()).contains((byte) 7);
            Thread.sleep(300);
            assertThat(PipedTerminal.count(bob.screen(), "thanks @Bob!")).isEqualTo(1);
            int at = screen.indexOf("thanks @Bob!");
            String head = screen.substring(screen.lastIndexOf('\n', at), at);
            assertThat(REVERSE.matcher(head).find())
                    .as(head.replace('\u001b', '⎋'))
                    .isTrue();
            int plain = screen.indexOf("plain words");
            assertThat(REVERSE.matcher(screen.substring(screen.lastIndexOf('\n', plain), plain))
                            .find())
                    .isFalse();
        }
    }

    private static JsonNode room(JsonNode rooms, String name) {
        for (JsonNode room : rooms.path("rooms")) {
            if (room.path("name").asText().equals(name)) {
                return room;
            }
        }
        throw new AssertionError("no " + name + " in " + rooms);
    }

    /** The terminal marks the room read (debounced) once it shows its newest messages. */
    private static void awaitRead(Cli cli, long id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (room(cli.run("rooms", "--json").json(), "general")
                        .path("readUpTo")
                        .asLong()
                < id) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("#general not marked read up to " + id);
            }
            Thread.sleep(100);
        }
    }
}
