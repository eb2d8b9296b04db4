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

    /**
     * The author gave the message a new text, at {@code edited}; {@code reactions} are the message's reactions then
     * (null when not told).
     */
    record Edited(String room, long id, long seq, String text, Instant edited, Reactions reactions)
            implements MessageChange {

        public Edited(String room, long id, long seq, String text, Instant edited) {
            this(room, id, seq, text, edited, null);
        }
    }

    /** The message was deleted (by its author, a moderator or the owner of the room, or an admin). */
    record Deleted(String room, long id, long seq) implements MessageChange {}

    /**
     * The message's reactions now ({@link Reactions#none()} when the last one went); {@code text} and {@code edited}
     * are its text and edit time then (null when not told, or never edited). A replay brings a message's latest change
     * only, so this one may stand for an edit made before it.
     */
    record ReactionsChanged(String room, long id, long seq, Reactions reactions, String text, Instant edited)
            implements MessageChange {

        public ReactionsChanged(String room, long id, long seq, Reactions reactions) {
            this(room, id, seq, reactions, null, null);
        }
    }

    /** Reads an {@code edited}, {@code deleted} or {@code reactions} frame; null for a frame of another type. */
    static MessageChange from(JsonNode frame) {
        String room = frame.path("room").asText();
        long id = frame.path("id").asLong();
        long seq = frame.path("seq").asLong();
        return switch (frame.path("type").asText("")) {
            case "edited" ->
                new Edited(
                        room,
                        id,
                        seq,
                        frame.path("text").asText(),
                        Message.instant(frame.path("edited")),
                        frame.has("reactions") ? Reactions.from(frame.path("reactions")) : null);
            case "deleted" -> new Deleted(room, id, seq);
            case "reactions" ->
                new ReactionsChanged(
                        room,
                        id,
                        seq,
                        Reactions.from(frame.path("reactions")),
                        frame.has("text") ? frame.path("text").asText() : null,
                        frame.has("edited") ? Message.instant(frame.path("edited")) : null);
            default -> null;
        };
    }
}
