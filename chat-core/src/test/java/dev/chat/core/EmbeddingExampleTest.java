package dev.chat.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import dev.chat.testsupport.DocBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

// From here to the end of EmbeddedChat: the listing of docs/embedding.md, verbatim (checked below).
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Messages;
import dev.chat.core.service.ChatCore;
import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

final class EmbeddedChat {

    public static void main(String[] args) throws InterruptedException {
        run(System.out);
    }

    static void run(PrintStream out) throws InterruptedException {
        // Every store in memory (lost when the program ends); passwords hashed with PBKDF2, 600,000 iterations.
        try (ChatCore chat = ChatCore.inMemory().build()) {
            chat.accounts().register(Username.of("ana"), new Password("correct horse battery"));
            Accounts.SignedIn ana = chat.accounts().login("ana", "correct horse battery");

            // The core calls the listener on a thread of its own, one event at a time, in order.
            BlockingQueue<LiveEvent> events = new LinkedBlockingQueue<>();
            Live.Listener listener = new Live.Listener() {
                @Override
                public void onEvent(LiveEvent event) {
                    events.add(event);
                }

                @Override
                public void onClosed(Live.Ending ending) {
                    out.println("closed by the server: " + ending);
                }
            };

            // Use cases take domain values: parse what a user typed once, where it comes in (invalid_* if bad).
            RoomName general = RoomName.of("general");
            MessageText hello = MessageText.of("Hello from the JVM!");

            try (Live.Connection connection = chat.live().connect(ana.principal(), listener)) {
                connection.join(general, null);

                Messages.Posted posted = connection.send(general, hello, new ClientId("ana-1"));
                out.println("stored as #" + posted.message().id());
                Messages.Posted again = connection.send(general, hello, new ClientId("ana-1"));
                out.println("resend is a duplicate: " + again.duplicate());

                for (int i = 0; i < 2; i++) {
                    LiveEvent event = events.poll(5, TimeUnit.SECONDS);
                    if (event instanceof LiveEvent.Joined joined) {
                        out.println("joined " + joined.room() + ", online: " + joined.online());
                    } else if (event instanceof LiveEvent.Delivered delivered) {
                        Message m = delivered.message();
                        out.println("live #" + m.id() + " " + m.author() + ": " + m.text());
                    }
                }

                Messages.HistoryPage page =
                        chat.messages().history(ana.principal(), general, null, Messages.DEFAULT_PAGE);
                for (Message m : page.messages()) {
                    out.println("history #" + m.id() + " " + m.author() + ": " + m.text());
                }
            }
        }
    }
}

/**
 * Runs the program of {@code docs/embedding.md} and checks that the document shows exactly the code
 * run here and exactly what it prints.
 */
class EmbeddingExampleTest {

    private static final Path DOC = Path.of("../docs/embedding.md");
    private static final Path SOURCE = Path.of("src/test/java/dev/chat/core/EmbeddingExampleTest.java");

    @Test
    void the_embedding_example_posts_receives_and_reads_back_a_message() throws Exception {
        List<String> printed = run();

        assertThat(printed).containsExactly(
                "stored as #1",
                "resend is a duplicate: true",
                "joined general, online: [ana]",
                "live #1 ana: Hello from the JVM!",
                "history #1 ana: Hello from the JVM!");
    }

    @Test
    void the_document_shows_what_the_example_prints() throws Exception {
        String expected = DocBlocks.block(DOC, "It prints:\n\n```text");

        assertThat(String.join("\n", run())).isEqualTo(expected);
    }

    @Test
    void the_documented_listing_is_the_code_this_test_runs() throws Exception {
        String listing = DocBlocks.block(DOC, "```java");

        assertThat(listing).contains("final class EmbeddedChat");
        assertThat(Files.readString(SOURCE)).contains(listing);
    }

    private static List<String> run() throws InterruptedException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        EmbeddedChat.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
