package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A change to a stored message, as the protocol's {@code edited}, {@code deleted} and {@code reactions} frames tell
 * it: which message ({@code room}, {@code id}) and the position the change took ({@code seq}), which is the
 * message's {@code seq} from then on. Of two states of one message, the one with the larger {@code seq} is the newer
 * ({@link Message#apply}).
 */
public sealed interface MessageChange {

    String room();

    long id();

    long seq();

    /** The author gave the message a new text, at {@code edited}. */
    record Edited(String room, long id, long seq, String text, Instant edited) implements MessageChange {}

    /** The message was deleted (by its author, a moderator or the owner of the room, or an admin). */
    record Deleted(String room, long id, long seq) implements MessageChange {}

    /** The message's reactions now ({@link Reactions#none()} when the last one went). */
    record ReactionsChanged(String room, long id, long seq, Reactions reactions) implements MessageChange {}

    /** Reads an {@code edited}, {@code deleted} or {@code reactions} frame; null for a frame of another type. */
    static MessageChange from(JsonNode frame) {
        String room = frame.path("room").asText();
        long id = frame.path("id").asLong();
        long seq = frame.path("seq").asLong();
        return switch (frame.path("type").asText("")) {
            case "edited" ->
                new Edited(room, id, seq, frame.path("text").asText(), Message.instant(frame.path("edited")));
            case "deleted" -> new Deleted(room, id, seq);
            case "reactions" -> new ReactionsChanged(room, id, seq, Reactions.from(frame.path("reactions")));
            default -> null;
        };
    }
}
