package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    @Test
    void decodes_every_client_frame() throws Exception {
        assertThat(FrameDecoder.decode("{\"type\":\"join\",\"room\":\"general\",\"after\":41}"))
                .isEqualTo(new ClientCommand.Join("general", 41L));
        assertThat(FrameDecoder.decode("{\"type\":\"join\",\"room\":\"general\"}"))
                .isEqualTo(new ClientCommand.Join("general", null));
        assertThat(FrameDecoder.decode("{\"type\":\"leave\",\"room\":\"general\"}"))
                .isEqualTo(new ClientCommand.Leave("general"));
        assertThat(FrameDecoder.decode("{\"type\":\"send\",\"room\":\"r\",\"text\":\"hi\",\"clientId\":\"c1\"}"))
                .isEqualTo(new ClientCommand.Send("r", "hi", "c1", null));
        assertThat(FrameDecoder.decode("{\"type\":\"typing\",\"room\":\"r\",\"stop\":true}"))
                .isEqualTo(new ClientCommand.Typing("r", true));
        assertThat(FrameDecoder.decode("{\"type\":\"history\",\"room\":\"r\",\"before\":10,\"limit\":20}"))
                .isEqualTo(new ClientCommand.History("r", 10L, 20L));
        assertThat(FrameDecoder.decode("{\"type\":\"ping\"}")).isEqualTo(new ClientCommand.Ping());
    }

    @Test
    void says_what_is_wrong_with_a_bad_frame() {
        assertCode("not json", "bad_request");
        assertCode("[1,2]", "bad_request");
        assertCode("{\"room\":\"r\"}", "bad_request");
        assertCode("{\"type\":\"fly\"}", "unknown_type");
        assertCode("{\"type\":\"join\"}", "bad_request");
        assertCode("{\"type\":\"join\",\"room\":7}", "bad_request");
        assertCode("{\"type\":\"join\",\"room\":\"r\",\"after\":\"x\"}", "bad_request");
        assertCode("{\"type\":\"join\",\"room\":\"r\",\"after\":1.5}", "bad_request");
        assertCode("{\"type\":\"typing\",\"room\":\"r\",\"stop\":\"yes\"}", "bad_request");
    }

    @Test
    void a_bad_send_names_its_client_id_so_the_client_knows_which_message_failed() {
        assertThatThrownBy(() -> FrameDecoder.decode("{\"type\":\"send\",\"room\":\"r\",\"clientId\":\"c9\"}"))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.ref()).isEqualTo("c9"));
    }

    @Test
    void deeply_nested_json_is_refused_without_a_stack_overflow() {
        String nested = "{\"type\":\"ping\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertCode(nested, "bad_request");
    }

    private static void assertCode(String frame, String code) {
        assertThatThrownBy(() -> FrameDecoder.decode(frame)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isNotBlank();
        });
    }
}
