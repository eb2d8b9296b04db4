package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Any text frame a client can send becomes a command or a {@link ProtocolException} with a code and a sentence;
 * nothing else may escape to Netty. Seeds: the client frames of docs/protocol.md. See docs/fuzzing.md.
 */
class FrameDecoderFuzzTest {

    /** The server's default {@code maxFrameBytes}: a longer message closes the socket with 1009 before decoding. */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    @FuzzTest(maxDuration = "15s")
    void any_text_frame_decodes_to_a_command_or_a_protocol_error(byte[] frame) {
        if (frame.length > MAX_FRAME_BYTES) {
            return;
        }
        // Netty hands the handler the frame's text; invalid UTF-8 is replaced here rather than refused there.
        String text = new String(frame, StandardCharsets.UTF_8);
        ClientCommand command;
        try {
            command = FrameDecoder.decode(text);
        } catch (ProtocolException e) {
            assertThat(e.code()).isIn(Set.of("bad_request", "unknown_type"));
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(command).isNotNull();
        if (command instanceof ClientCommand.Join join) {
            assertThat(join.room()).isNotNull();
        } else if (command instanceof ClientCommand.Leave leave) {
            assertThat(leave.room()).isNotNull();
        } else if (command instanceof ClientCommand.Send send) {
            assertThat(send.room()).isNotNull();
            assertThat(send.text()).isNotNull();
            assertThat(send.clientId()).isNotNull();
        } else if (command instanceof ClientCommand.Typing typing) {
            assertThat(typing.room()).isNotNull();
        } else if (command instanceof ClientCommand.History history) {
            assertThat(history.room()).isNotNull();
        }
    }
}
