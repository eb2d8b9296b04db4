package dev.chat.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every event survives the trip through its JSON wire form; the admin events' wire form is as documented. */
class EventCodecTest {

    private static final RoomName GENERAL = new RoomName("general");
    private static final Username ANA = new Username("ana");

    /** A message with everything a message can have. */
    private static final Message CHANGED = new Message(
            GENERAL,
            7,
            ANA,
            MessageText.of("hi, edited"),
            Instant.parse("2030-01-02T03:04:05.678Z"),
            new ClientId("c1"),
            9,
            Instant.parse("2030-01-02T03:05:00.001Z"),
            3L,
            new Reactions(new LinkedHashMap<>(Map.of(new Emoji("👩🏽‍💻"), List.of(ANA, new Username("bob"))))),
            true,
            "ci");

    @Test
    void every_kind_of_event_decodes_to_what_was_encoded() {
        List<ChatEvent> events = List.of(
                new ChatEvent.MessagePosted(new Message(
                        GENERAL,
                        7,
                        ANA,
                        MessageText.of("hi 🎉"),
                        Instant.parse("2030-01-02T03:04:05.678Z"),
                        new ClientId("c1"))),
                new ChatEvent.PresenceChanged(GENERAL, ANA, true),
                new ChatEvent.Typing(GENERAL, ANA, true),
                new ChatEvent.SessionRevoked("hash"),
                new ChatEvent.MessageChanged(new Change(9, ChangeKind.REACTED, CHANGED)),
                new ChatEvent.MessageChanged(
                        new Change(10, ChangeKind.DELETED, CHANGED.deleted().atSeq(10))),
                new ChatEvent.RoomClosed(GENERAL, new RoomName("lobby")),
                new ChatEvent.RoomClosed(GENERAL, null),
                new ChatEvent.UserBanned(new Username("bob")),
                new ChatEvent.MemberRemoved(GENERAL, ANA),
                new ChatEvent.MemberAdded(GENERAL, ANA),
                new ChatEvent.RoomListed(GENERAL, new dev.chat.core.domain.Topic("Say hello")),
                new ChatEvent.RoomUnlisted(GENERAL),
                new ChatEvent.Mentioned(new Username("bob"), CHANGED),
                new ChatEvent.ReadMoved(ANA, new dev.chat.core.domain.ReadState(GENERAL, 57, 3, 1)));

        assertThat(events.stream().map(Object::getClass).distinct().toList())
                .as("one of each kind of event there is")
                .containsExactlyInAnyOrderElementsOf(kinds(ChatEvent.class));
        for (ChatEvent event : events) {
            EventCodec.Envelope decoded = EventCodec.decode(EventCodec.encode("node-1", event));
            assertThat(decoded.event()).isEqualTo(event);
            assertThat(decoded.origin()).isEqualTo("node-1");
        }
    }

    @Test
    void a_tombstone_arrives_as_one_and_a_message_that_says_deleted_as_a_message() {
        Message saysDeleted = new Message(
                GENERAL,
                8,
                ANA,
                MessageText.of("[deleted]"),
                Instant.parse("2030-01-02T03:04:05Z"),
                new ClientId("c8"));
        Change deletion = new Change(10, ChangeKind.DELETED, CHANGED.deleted().atSeq(10));

        ChatEvent tombstone = EventCodec.decode(EventCodec.encode("n", new ChatEvent.MessageChanged(deletion)))
                .event();
        ChatEvent message = EventCodec.decode(EventCodec.encode("n", new ChatEvent.MessagePosted(saysDeleted)))
                .event();

        assertThat(((ChatEvent.MessageChanged) tombstone).change().message().isDeleted())
                .isTrue();
        assertThat(((ChatEvent.MessagePosted) message).message().isDeleted()).isFalse();
    }

    @Test
    void the_admin_events_travel_as_small_named_objects() {
        assertThat(EventCodec.encode("n", new ChatEvent.RoomClosed(GENERAL, new RoomName("lobby"))))
                .isEqualTo("{\"o\":\"n\",\"t\":\"closed\",\"room\":\"general\",\"renamedTo\":\"lobby\"}");
        assertThat(EventCodec.encode("n", new ChatEvent.RoomClosed(GENERAL, null)))
                .isEqualTo("{\"o\":\"n\",\"t\":\"closed\",\"room\":\"general\"}");
        assertThat(EventCodec.encode("n", new ChatEvent.UserBanned(new Username("bob"))))
                .isEqualTo("{\"o\":\"n\",\"t\":\"banned\",\"user\":\"bob\"}");
    }

    @Test
    void a_closed_room_with_a_null_new_name_was_deleted() {
        assertThat(EventCodec.decode("{\"o\":\"n\",\"t\":\"closed\",\"room\":\"general\",\"renamedTo\":null}")
                        .event())
                .isEqualTo(new ChatEvent.RoomClosed(GENERAL, null));
    }

    @Test
    void malformed_admin_events_are_refused() {
        assertThatThrownBy(() -> EventCodec.decode(
                        "{\"o\":\"n\",\"t\":\"changed\",\"seq\":\"9\",\"kind\":\"edited\",\"message\":{}}"))
                .hasMessageContaining("'seq'");
        assertThatThrownBy(() -> EventCodec.decode(
                        "{\"o\":\"n\",\"t\":\"changed\",\"seq\":9,\"kind\":\"edited\",\"message\":3}"))
                .hasMessageContaining("'message'");
        assertThatThrownBy(() -> EventCodec.decode("{\"o\":\"n\",\"t\":\"banned\"}"))
                .hasMessageContaining("'user'");
        assertThatThrownBy(
                        () -> EventCodec.decode("{\"o\":\"n\",\"t\":\"closed\",\"room\":\"general\",\"renamedTo\":3}"))
                .hasMessageContaining("'renamedTo'");
    }

    /** The records a sealed event interface permits, through its sealed sub-interfaces. */
    private static List<Class<?>> kinds(Class<?> sealed) {
        List<Class<?>> kinds = new java.util.ArrayList<>();
        for (Class<?> sub : sealed.getPermittedSubclasses()) {
            if (sub.isSealed()) {
                kinds.addAll(kinds(sub));
            } else {
                kinds.add(sub);
            }
        }
        return kinds;
    }
}
