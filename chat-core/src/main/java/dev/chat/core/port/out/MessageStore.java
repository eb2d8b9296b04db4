package dev.chat.core.port.out;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps each room's messages in order. The store, not the caller, gives every message its id: the next
 * number in its room (1, 2, 3, …, never skipping, never reusing), and message n+1 is only ever visible
 * once message n is. That is what lets readers recover exactly what they missed, whichever node posted.
 */
public interface MessageStore {

    /**
     * Stores a message durably before returning, unless the author already stored one with the same
     * {@code clientId} in that room: then nothing is written and the original comes back as a duplicate.
     * The stored timestamp is never earlier than the room's previous message, so skewed clocks cannot
     * make history run backwards.
     */
    Appended append(NewMessage message);

    /** The message the author stored in the room with this {@code clientId}, if any and not deleted. */
    Optional<Message> find(RoomName room, Username author, ClientId clientId);

    /** Up to {@code limit} messages with an id greater than {@code afterId}, oldest first. */
    List<Message> after(RoomName room, long afterId, int limit);

    /** Up to {@code limit} messages with an id less than {@code beforeId}, newest first. */
    List<Message> before(RoomName room, long beforeId, int limit);

    /** The id of the room's newest message, 0 when it has none (a deleted newest message still counts). */
    long latestId(RoomName room);

    /**
     * Deletes a message: its text is gone for good and {@link #after} and {@link #before} skip it, but its
     * id stays taken and its {@code clientId} stays known, so a late resend is answered as a duplicate
     * ({@link Appended#deleted()}) instead of storing it again. Returns the message as it was, or empty
     * when there is no such message or it was deleted already.
     */
    Optional<Message> delete(RoomName room, long id);

    /** Deletes every message of the room (the room itself is being deleted). */
    void deleteRoom(RoomName room);

    /**
     * Moves every message of {@code from} to {@code to}, keeping ids, authors, clientIds and times (the
     * room is being renamed; {@code to} has no messages). Afterwards {@code from} has none.
     */
    void moveRoom(RoomName from, RoomName to);

    /** A message to be stored; the store assigns its id. */
    record NewMessage(RoomName room, Username author, ClientId clientId, MessageText text, Instant ts) {
        public NewMessage {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(ts, "ts");
        }
    }

    /**
     * The stored message and whether it had been stored before. {@code deleted}: it had, and was deleted
     * since; its text is then {@link dev.chat.core.domain.MessageText#DELETED}.
     */
    record Appended(Message message, boolean duplicate, boolean deleted) {
        public Appended(Message message, boolean duplicate) {
            this(message, duplicate, false);
        }
    }
}
