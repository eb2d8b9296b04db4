package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestTargetTest {

    @Test
    void a_malformed_percent_escape_is_a_bad_request() {
        for (String uri : new String[] {"/api/rooms/gen%zzral/messages", "/api/rooms/%", "/%", "/a%4", "/?limit=%"}) {
            assertThatThrownBy(() -> RequestTarget.parse(uri))
                    .as(uri)
                    .isInstanceOf(BadRequest.class)
                    .hasMessage("The request could not be parsed.");
        }
    }

    @Test
    void escapes_that_are_not_utf8_are_a_bad_request_rather_than_a_replacement_character() {
        for (String uri : new String[] {"/api/rooms/general/messages/%E0%A4", "/%FF", "/a%C3x%A9", "/?before=%C0%80"}) {
            assertThatThrownBy(() -> RequestTarget.parse(uri))
                    .as(uri)
                    .isInstanceOf(BadRequest.class)
                    .hasMessage("The request could not be parsed.");
        }
    }

    @Test
    void utf8_escapes_are_decoded_whole_across_a_run() {
        assertThat(RequestTarget.parse("/api/rooms/caf%C3%A9/messages?limit=%35")
                        .path())
                .isEqualTo("/api/rooms/café/messages");
        assertThat(RequestTarget.parse("/api/rooms/caf%C3%A9/messages?limit=%35")
                        .parameters()
                        .get("limit"))
                .containsExactly("5");
        assertThat(RequestTarget.parse("/%EF%BF%BD").path())
                .as("U+FFFD itself, escaped")
                .isEqualTo("/\uFFFD");
    }
}
