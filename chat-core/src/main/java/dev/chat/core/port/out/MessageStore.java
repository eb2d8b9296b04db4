package dev.chat.core.port.out;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Entry;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps each room's history in order: its messages, and the changes made to them (edits, deletions, reactions).
 * The store, not the caller, gives every message and every change its position (see {@link Entry}): the next
 * number in its room (1, 2, 3, …, never skipping, never reusing), and position n+1 is only ever visible once
 * position n is. A message's id is the position it was written at. That is what lets readers recover exactly what
 * they missed, whichever node wrote it.
 */
public interface MessageStore {

    /**
     * Stores a message durably before returning, unless the author already stored one with the same
     * {@code clientId} in that room: then nothing is written and the original comes back as a duplicate.
     * The stored timestamp is never earlier than the room's previous message, so skewed clocks cannot
     * make history run backwards.
     */
    Appended append(NewMessage message);

    /**
     * {@link #append}, answered by a future that completes once the message is stored durably (or the store failed).
     * A store that commits many appends at once (one flush to disk for all) completes it on a thread of its own: what
     * depends on it must not block that thread nor wait there for the store; hand it on to an executor. By default
     * the append is made on the calling thread, and the future comes back complete.
     */
    default CompletableFuture<Appended> appendAsync(NewMessage message) {
        try {
            return CompletableFuture.completedFuture(append(message));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The message the author stored in the room with this {@code clientId}, if any and not deleted. */
    Optional<Message> find(RoomName room, Username author, ClientId clientId);

    /** Message {@code id} of the room in its current state, if there is one and it is not deleted. */
    Optional<Message> message(RoomName room, long id);

    /**
     * Changes message {@code id} durably before returning, at the room's next position: {@code edit} gets the
     * message's current state and returns the next one (or the same instance when there is nothing to change: then
     * nothing is written). A store that must try again calls {@code edit} again with the newer state; it is pure,
     * and may throw to refuse. Empty when there is no such message or it is deleted; a deletion
     * ({@link ChangeKind#DELETED}, {@code edit} = {@link Message#deleted()}) drops the text for good but keeps the
     * id and the {@code clientId} taken, so that a late resend is answered as a duplicate
     * ({@link Appended#deleted()}).
     */
    Optional<Changed> change(RoomName room, long id, ChangeKind kind, Edit edit);

    /** Deletes a message (see {@link #change}); the message as it was, or empty when there was none to delete. */
    default Optional<Message> delete(RoomName room, long id) {
        return change(room, id, ChangeKind.DELETED, Message::deleted)
                .filter(changed -> changed.change().isPresent())
                .map(Changed::before);
    }

    /**
     * Up to {@code limit} entries at positions greater than {@code afterPosition}, in position order: the messages
     * written there, in their current state (deleted ones left out), and the changes made there to messages at or
     * before {@code afterPosition} that are those messages' latest change, with their current state (a change that
     * a later one superseded is left out: the later one brings the state). Fewer than {@code limit} only when the
     * room has no more: a reader has then seen everything up to the room's {@link #latestPosition}.
     */
    List<Entry> after(RoomName room, long afterPosition, int limit);

    /**
     * How many messages not written by {@code notBy} and not deleted are at positions after {@code afterPosition},
     * counted up to {@code most}. By default read page by page; a store that can count cheaper does.
     */
    default int countAfter(RoomName room, long afterPosition, Username notBy, int most) {
        int count = 0;
        long position = afterPosition;
        while (count < most) {
            List<Entry> page = after(room, position, 100);
            for (Entry e : page) {
                if (e instanceof Message m && !m.author().equals(notBy) && ++count >= most) {
                    return count;
                }
                position = e.position();
            }
            if (page.size() < 100) {
                return count;
            }
        }
        return count;
    }

    /** Up to {@code limit} messages with an id less than {@code beforeId}, newest first, in their current state. */
    List<Message> before(RoomName room, long beforeId, int limit);

    /** The room's newest position (a message or a change; deleted or not), 0 when it has none. */
    long latestPosition(RoomName room);

    /** Deletes every message of the room (the room itself is being deleted). */
    void deleteRoom(RoomName room);

    /**
     * Moves every message and change of {@code from} to {@code to}, keeping positions, authors, clientIds and
     * times (the room is being renamed; {@code to} has no messages). Afterwards {@code from} has none.
     */
    void moveRoom(RoomName from, RoomName to);

    /** The next state of a message from its current one; see {@link #change}. */
    @FunctionalInterface
    interface Edit {
        Message apply(Message current);
    }

    /** What {@link #change} did: the message before, and the change (empty when there was nothing to change). */
    record Changed(Message before, Optional<Change> change) {
        public Changed {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(change, "change");
        }

        /** The message's state now. */
        public Message message() {
            return change.map(Change::message).orElse(before);
        }
    }

    /**
     * A message to be stored; the store assigns its id. {@code replyTo}: an earlier message's id, or null; {@code bot}
     * and {@code via}: as {@link Message#bot()} and {@link Message#via()}, stored with it.
     */
    record NewMessage(
            RoomName room,
            Username author,
            ClientId clientId,
            MessageText text,
            Instant ts,
            Long replyTo,
            boolean bot,
            String via) {
        public NewMessage {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(ts, "ts");
            Message.checkVia(via);
        }

        /** A person's message. */
        public NewMessage(
                RoomName room, Username author, ClientId clientId, MessageText text, Instant ts, Long replyTo) {
            this(room, author, clientId, text, ts, replyTo, false, null);
        }

        public NewMessage(RoomName room, Username author, ClientId clientId, MessageText text, Instant ts) {
            this(room, author, clientId, text, ts, null);
        }

        /** The message it becomes at position {@code id} (at {@code ts}, which the store may have moved on). */
        public Message at(long id, Instant ts) {
            return new Message(room, id, author, text, ts, clientId, id, null, replyTo, Reactions.NONE, bot, via);
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
