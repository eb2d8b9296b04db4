package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {

    private final Routes<String> routes = new Routes<String>()
            .add(HttpMethod.GET, "/api/rooms", "list")
            .add(HttpMethod.DELETE, "/api/rooms/{room}", "delete room")
            .add(HttpMethod.GET, "/api/rooms/{room}/messages", "history")
            .add(HttpMethod.DELETE, "/api/rooms/{room}/messages/{id}", "delete message");

    @Test
    void a_pattern_segment_takes_one_whole_segment_decoded() {
        Routes.Lookup<String> found = routes.find(HttpMethod.DELETE, "/api/rooms/Gen%2Deral/messages/42");

        assertThat(found.handler()).isEqualTo("delete message");
        assertThat(found.params()).isEqualTo(Map.of("room", "Gen-eral", "id", "42"));
        assertThat(routes.find(HttpMethod.GET, "/api/rooms/general/messages").handler())
                .isEqualTo("history");
    }

    @Test
    void a_known_path_with_another_method_is_told_from_an_unknown_path() {
        assertThat(routes.find(HttpMethod.POST, "/api/rooms/general")).satisfies(found -> {
            assertThat(found.handler()).isNull();
            assertThat(found.pathKnown()).isTrue();
        });
        assertThat(routes.find(HttpMethod.GET, "/api/rooms/general/other").pathKnown())
                .isFalse();
        assertThat(routes.find(HttpMethod.GET, "/api/rooms/general/messages/1/2")
                        .pathKnown())
                .isFalse();
    }

    @Test
    void an_empty_segment_matches_no_parameter() {
        assertThat(routes.find(HttpMethod.GET, "/api/rooms//messages").pathKnown())
                .isFalse();
        assertThat(routes.find(HttpMethod.DELETE, "/api/rooms/").pathKnown()).isFalse();
        assertThat(routes.find(HttpMethod.GET, "/api/rooms/").pathKnown()).isFalse();
    }
}
