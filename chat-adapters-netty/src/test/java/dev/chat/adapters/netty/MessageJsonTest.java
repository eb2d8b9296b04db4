package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The message object's optional fields about how it was written: there when they say something, absent otherwise. */
class MessageJsonTest {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final Username ANA = Username.of("ana");

    @Test
    void a_webhook_s_message_says_it_is_a_bot_s_and_the_name_it_gave() {
        Message message = new Message(
                RoomName.of("ops"),
                7,
                Username.of("ci-bot"),
                MessageText.of("deploy done"),
                T0,
                new ClientId("h1"),
                7,
                null,
                null,
                Reactions.NONE,
                true,
                "ci");

        assertThat(Json.write(Json.message(message, ANA)))
                .isEqualTo(
                        "{\"room\":\"ops\",\"id\":7,\"user\":\"ci-bot\",\"text\":\"deploy done\","
                                + "\"ts\":\"2030-01-02T03:04:05.678Z\",\"clientId\":\"h1\",\"seq\":7,\"bot\":true,\"via\":\"ci\"}");
    }

    @Test
    void a_person_s_message_has_neither_field() {
        Message message = new Message(RoomName.of("ops"), 8, ANA, MessageText.of("thanks"), T0, new ClientId("a1"));

        assertThat(Json.message(message, ANA).has("bot")).isFalse();
        assertThat(Json.message(message, ANA).has("via")).isFalse();
    }
}
