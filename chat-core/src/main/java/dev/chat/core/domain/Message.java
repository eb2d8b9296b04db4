package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored message, in its current state. {@code id} is its position in its room (see {@link Entry}): ids are
 * assigned by the store and sort in room order whatever the clocks of the nodes say; positions taken by changes
 * leave holes between them. {@code seq} is the position of the message's latest change ({@code id} until it has
 * one): of two states of one message, the one with the larger {@code seq} is the newer.
 *
 * @param edited when its author last gave it a new text, or null
 * @param replyTo the id of the earlier message of the room it answers, or null
 * @param bot whether its author was a bot account when it was written (it stays so: what a bot wrote is a bot's)
 * @param via the name an incoming webhook's request gave, shown beside the bot's name, or null (see {@link #checkVia})
 */
public record Message(
        RoomName room,
        long id,
        Username author,
        MessageText text,
        Instant ts,
        ClientId clientId,
        long seq,
        Instant edited,
        Long replyTo,
        Reactions reactions,
        boolean bot,
        String via)
        implements Entry {

    /** The most characters a webhook's {@code via} name has. */
    public static final int VIA_MAX_LENGTH = 32;

    public Message {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(reactions, "reactions");
        if (id < 1) {
            throw new IllegalArgumentException("message ids start at 1: " + id);
        }
        if (seq < id) {
            throw new IllegalArgumentException("a message's state is no older than the message: " + seq + " < " + id);
        }
        if (replyTo != null && (replyTo < 1 || replyTo >= id)) {
            throw new IllegalArgumentException("a reply answers an earlier message: " + replyTo + " for " + id);
        }
        checkVia(via);
    }

    /** A message written by a person (or of a store that does not know who wrote it): not a bot's, not via anything. */
    public Message(
            RoomName room,
            long id,
            Username author,
            MessageText text,
            Instant ts,
            ClientId clientId,
            long seq,
            Instant edited,
            Long replyTo,
            Reactions reactions) {
        this(room, id, author, text, ts, clientId, seq, edited, replyTo, reactions, false, null);
    }

    /** A message as written: never changed, answering nothing. */
    public Message(RoomName room, long id, Username author, MessageText text, Instant ts, ClientId clientId) {
        this(room, id, author, text, ts, clientId, id, null, null, Reactions.NONE, false, null);
    }

    /**
     * Checks the name an incoming webhook's request gave ({@code via}): null, or one line of 1 to
     * {@value #VIA_MAX_LENGTH} characters that shows something. {@code bad_request} otherwise.
     */
    public static String checkVia(String via) {
        if (via == null) {
            return null;
        }
        if (via.isEmpty()
                || via.codePointCount(0, via.length()) > VIA_MAX_LENGTH
                || Text.hasForbiddenControl(via, false)
                || via.indexOf('\t') >= 0
                || Text.isInvisibleOnly(via)) {
            throw new ChatException(
                    ErrorCode.BAD_REQUEST,
                    "A webhook's username is one line of 1 to " + VIA_MAX_LENGTH + " characters that shows something.");
        }
        return via;
    }

    @Override
    public long position() {
        return id;
    }

    /**
     * Whether it was deleted: its text is gone for good, its id and clientId stay taken. A tombstone's text is
     * {@link MessageText#DELETED} itself, not merely equal to it: someone may well write "[deleted]".
     */
    public boolean isDeleted() {
        return text == MessageText.DELETED;
    }

    /** The same message at another position: a message that a store numbered, or moved to another room. */
    public Message numbered(RoomName room, long id) {
        return new Message(room, id, author, text, ts, clientId, id, edited, replyTo, reactions, bot, via);
    }

    /** Its state after a change at {@code seq}. */
    public Message atSeq(long seq) {
        return new Message(room, id, author, text, ts, clientId, seq, edited, replyTo, reactions, bot, via);
    }

    public Message withText(MessageText text, Instant edited) {
        return new Message(room, id, author, text, ts, clientId, seq, edited, replyTo, reactions, bot, via);
    }

    public Message withReactions(Reactions reactions) {
        return new Message(room, id, author, text, ts, clientId, seq, edited, replyTo, reactions, bot, via);
    }

    public Message inRoom(RoomName room) {
        return new Message(room, id, author, text, ts, clientId, seq, edited, replyTo, reactions, bot, via);
    }

    /** Its tombstone: the text, the edit time and the reactions are gone (who wrote it, and how, stay). */
    public Message deleted() {
        return new Message(
                room, id, author, MessageText.DELETED, ts, clientId, seq, null, replyTo, Reactions.NONE, bot, via);
    }
}
