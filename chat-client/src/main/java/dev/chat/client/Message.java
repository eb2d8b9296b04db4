package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A stored chat message as the protocol describes it: its room, its id there (its position: ids have holes where
 * changes took positions), author, text as received (not made safe to print), when the server stored it, and the
 * sender's {@code clientId}; then the state it is in: {@code seq}, the position of its latest change (its id until
 * it has one), when its author last edited it ({@code edited}, null if never), the id of the message it replies to
 * ({@code replyTo}, null if none) and its {@link Reactions}; whether a bot account wrote it ({@code bot}: show it
 * so), and the name an incoming webhook's request gave ({@code via}, null if none: show it as "ci (via webhook)"
 * beside the author).
 */
public record Message(
        String room,
        long id,
        String user,
        String text,
        Instant ts,
        String clientId,
        long seq,
        Instant edited,
        Long replyTo,
        Reactions reactions,
        boolean bot,
        String via) {

    public Message {
        if (reactions == null) {
            reactions = Reactions.none();
        }
    }

    /** A person's message, in the state given. */
    public Message(
            String room,
            long id,
            String user,
            String text,
            Instant ts,
            String clientId,
            long seq,
            Instant edited,
            Long replyTo,
            Reactions reactions) {
        this(room, id, user, text, ts, clientId, seq, edited, replyTo, reactions, false, null);
    }

    /** A person's message as it was stored, never changed: {@code seq} is its id, no edit, no reply, no reactions. */
    public Message(String room, long id, String user, String text, Instant ts, String clientId) {
        this(room, id, user, text, ts, clientId, id, null, null, Reactions.none());
    }

    /** Reads the protocol's message object, tolerating fields it does not know (and a server without changes). */
    public static Message from(JsonNode node) {
        long id = node.path("id").asLong();
        JsonNode edited = node.path("edited");
        JsonNode replyTo = node.path("replyTo");
        JsonNode via = node.path("via");
        return new Message(
                node.path("room").asText(),
                id,
                node.path("user").asText(),
                node.path("text").asText(),
                instant(node.path("ts")),
                node.path("clientId").asText(null),
                node.path("seq").asLong(id),
                edited.isTextual() ? instant(edited) : null,
                replyTo.canConvertToLong() && replyTo.isIntegralNumber() ? replyTo.asLong() : null,
                Reactions.from(node.path("reactions")),
                node.path("bot").asBoolean(false),
                via.isTextual() ? via.asText() : null);
    }

    public boolean isEdited() {
        return edited != null;
    }

    public boolean isReply() {
        return replyTo != null;
    }

    /**
     * This message after {@code change}, by the protocol's rule: a change applies only when its {@code seq} is larger
     * than this state's (else this state is the newer one, returned as it is). Empty when the change deleted it.
     *
     * @throws IllegalArgumentException for a change of another message
     */
    public Optional<Message> apply(MessageChange change) {
        if (change.id() != id || !change.room().equals(room)) {
            throw new IllegalArgumentException(
                    "a change of " + change.room() + "#" + change.id() + " applied to " + room + "#" + id);
        }
        if (change.seq() <= seq) {
            return Optional.of(this);
        }
        if (change instanceof MessageChange.Edited e) {
            Reactions now = e.reactions() != null ? e.reactions() : reactions;
            return Optional.of(
                    new Message(room, id, user, e.text(), ts, clientId, e.seq(), e.edited(), replyTo, now, bot, via));
        }
        if (change instanceof MessageChange.ReactionsChanged r) {
            String nowText = r.text() != null ? r.text() : text;
            Instant nowEdited = r.text() != null ? r.edited() : edited;
            return Optional.of(new Message(
                    room, id, user, nowText, ts, clientId, r.seq(), nowEdited, replyTo, r.reactions(), bot, via));
        }
        return Optional.empty();
    }

    /** The same message in a room renamed to {@code to} (a renamed room keeps its messages and their ids). */
    Message inRoom(String to) {
        return new Message(to, id, user, text, ts, clientId, seq, edited, replyTo, reactions, bot, via);
    }

    /** The protocol's ISO-8601 instant; the epoch for one that is missing or malformed. */
    static Instant instant(JsonNode node) {
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
