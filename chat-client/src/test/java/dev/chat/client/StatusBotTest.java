package dev.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.bot.StatusBot;
import dev.chat.client.testing.TestServer;
import dev.chat.testsupport.DocBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot of {@code docs/integrations.md}, on an access token made with this client, against a real server: it
 * answers "!status" and nothing else, and the document shows exactly the code run here.
 */
@Timeout(60)
class StatusBotTest {

    private static final Path DOC = Path.of("../docs/integrations.md");
    private static final Path SOURCE = Path.of("src/test/java/com/example/bot/StatusBot.java");

    @TempDir
    Path data;

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void the_bot_answers_status_with_a_token_limited_to_its_room() throws Exception {
        ChatApi ana = new ChatApi(server.url()).withToken(server.signUp("ana"));
        AccessToken token = ana.createToken("status bot", List.of("general"), true, null);
        assertThat(token.secret()).startsWith("chat_");
        assertThat(ana.tokens()).extracting(AccessToken::name).containsExactly("status bot");
        LinkedBlockingQueue<Message> seen = new LinkedBlockingQueue<>();
        ChatApi bob = new ChatApi(server.url()).withToken(server.signUp("bob"));

        try (ChatClient bot = StatusBot.start(server.url(), token.secret(), "general");
                ChatClient bobs = new ChatClient(bob, "bob", new ChatListener() {
                    @Override
                    public void message(Message m, boolean earlier) {
                        seen.add(m);
                    }
                })) {
            bobs.open();
            bobs.follow("general", 0);
            // The bot hears what is said once it is in the room: wait until it is there.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!bobs.online("general").get(10, TimeUnit.SECONDS).contains("ana")) {
                assertThat(System.nanoTime()).as("the bot came online").isLessThan(until);
                Thread.sleep(50);
            }
            bobs.send("general", "good morning");
            bobs.send("general", "!status");

            Message answer = null;
            for (Message m = seen.poll(10, TimeUnit.SECONDS); m != null; m = seen.poll(10, TimeUnit.SECONDS)) {
                if (m.user().equals("ana")) {
                    answer = m;
                    break;
                }
            }
            assertThat(answer).as("the bot answered").isNotNull();
            assertThat(answer.text()).isEqualTo("@bob all systems go");
            assertThat(answer.replyTo()).isEqualTo(2L);
            assertThat(bot).isNotNull();
        }
        ana.revokeToken(token.id());
        assertThat(ana.tokens()).isEmpty();
    }

    @Test
    void the_documented_listing_is_the_code_this_test_runs() throws Exception {
        String listing = DocBlocks.block(DOC, "```java bot");

        assertThat(listing + "\n").isEqualTo(Files.readString(SOURCE));
    }
}
