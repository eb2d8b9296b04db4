package dev.chat.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.client.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the chat writes to a 256-colour terminal for a message line, with colour and with NO_COLOR. */
class ScreenTest {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private Terminal terminal;
    private Screen screen;
    private final ChatRooms rooms = new ChatRooms();

    @BeforeEach
    void open() throws IOException {
        terminal = new ExternalTerminal(
                "test", "xterm-256color", new ByteArrayInputStream(new byte[0]), written, StandardCharsets.UTF_8);
        rooms.me("ana");
        rooms.enter("general");
    }

    @AfterEach
    void close() throws IOException {
        terminal.close();
    }

    @Test
    void a_message_shows_the_name_in_its_colour_and_the_markdown_styled() {
        String shown = show(true, message("general", "bob", "**hi** there"), message("random", "ana", "`x`"));

        assertThat(shown.replace('\u001b', '⎋'))
                .contains("⎋[" + sgr("bob") + "mbob⎋[0m: ⎋[1mhi⎋[0m there")
                .contains("⎋[" + sgr("ana") + ";1mana⎋[0m: ⎋[36mx⎋[0m")
                .contains("⎋[2m#random ");
    }

    @Test
    void with_no_colour_nothing_written_carries_a_colour_or_a_style() {
        String shown = show(
                false,
                message("general", "bob", "**hi** _there_ `x` ~~y~~ [a](https://b)\n> quoted"),
                message("random", "ana", "mine"));
        screen.note("a note");

        assertThat(shown).doesNotContain("\u001b");
        assertThat(shown)
                .contains("bob: hi there `x` ~~y~~ a <https://b>\n" + " ".repeat(13) + "│ quoted")
                .contains("#random ")
                .contains("ana: mine");
        assertThat(written.toString(StandardCharsets.UTF_8))
                .doesNotContain("\u001b")
                .contains("-- a note");
    }

    @Test
    void a_bots_message_says_so_and_names_what_its_webhook_gave() {
        Message fromBot = new Message(
                "general", 2, "ci-bot", "build passed", Instant.now(), "c2", 2, null, null, null, true, null);
        Message fromWebhook = new Message(
                "general", 3, "ci-bot", "deployed", Instant.now(), "c3", 3, null, null, null, true, "deploys\n");

        String shown = show(false, fromBot, fromWebhook, message("general", "bob", "not a bot"));

        assertThat(shown)
                .contains("ci-bot [bot]: build passed")
                // The name comes from a request: a line break in it is shown, not obeyed.
                .contains("ci-bot [bot] deploys^J (via webhook): deployed")
                .contains("bob: not a bot")
                .doesNotContain("bob [bot]");
    }

    private String show(boolean colour, Message... messages) {
        screen = new Screen(
                terminal, LineReaderBuilder.builder().terminal(terminal).build(), rooms, colour);
        for (Message m : messages) {
            screen.show(screen.render(m));
        }
        terminal.flush();
        // The terminal's output processing turns each newline into CR LF, as a real one does.
        return written.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** The SGR parameter of a name's colour: 30–37, or 90–97 for the bright ones. */
    private static int sgr(String user) {
        int colour = Palette.colourOf(user);
        return colour < 8 ? 30 + colour : 90 + colour - 8;
    }

    private static Message message(String room, String user, String text) {
        return new Message(room, 1, user, text, Instant.now(), "c1");
    }
}
