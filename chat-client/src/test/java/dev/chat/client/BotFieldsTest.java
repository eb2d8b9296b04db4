package dev.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The protocol's optional {@code bot} and {@code via} fields as the client reads them: there or absent. */
class BotFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_webhook_s_message_reads_as_a_bot_s_with_the_name_it_gave_and_keeps_them_through_a_change() throws Exception {
        Message message = Message.from(JSON.readTree("{\"room\":\"ops\",\"id\":7,\"user\":\"ci-bot\",\"text\":\"done\","
                + "\"ts\":\"2030-01-02T03:04:05.678Z\",\"clientId\":\"h1\",\"seq\":7,\"bot\":true,\"via\":\"ci\"}"));

        assertThat(message.bot()).isTrue();
        assertThat(message.via()).isEqualTo("ci");
        Message reacted = message.apply(new MessageChange.ReactionsChanged("ops", 7, 9, Reactions.none(), null, null))
                .orElseThrow();
        assertThat(reacted.bot()).isTrue();
        assertThat(reacted.via()).isEqualTo("ci");
        assertThat(reacted.inRoom("lobby").via()).isEqualTo("ci");
    }

    @Test
    void a_person_s_message_and_membership_are_not_a_bot_s() throws Exception {
        Message message = Message.from(JSON.readTree("{\"room\":\"ops\",\"id\":8,\"user\":\"ana\",\"text\":\"hi\","
                + "\"ts\":\"2030-01-02T03:04:05.678Z\",\"clientId\":\"a1\",\"seq\":8}"));
        Member member = Member.from(
                JSON.readTree("{\"username\":\"ana\",\"role\":\"owner\",\"since\":\"2030-01-02T03:04:05.678Z\"}"));

        assertThat(message.bot()).isFalse();
        assertThat(message.via()).isNull();
        assertThat(member.bot()).isFalse();
        assertThat(Member.from(JSON.readTree(
                                "{\"username\":\"robo\",\"role\":\"member\",\"since\":\"2030-01-02T03:04:05Z\","
                                        + "\"bot\":true}"))
                        .bot())
                .isTrue();
    }
}
