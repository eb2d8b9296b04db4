package dev.chat.core.domain;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A room's webhook, as stored. Each speaks for its own bot account, a member of the room: an <em>incoming</em>
 * webhook posts what a program sends to its secret URL; an <em>outgoing</em> one sends the room's new messages (all
 * of them, or those starting with its trigger word) to a URL, signed, and posts the receiver's answer.
 *
 * @param id its public id (not a secret)
 * @param bot the bot account it posts as
 * @param secretHash incoming: the SHA-256 of its URL's secret (the secret itself is shown once); outgoing: null
 * @param signingKey outgoing: the key its requests are signed with (kept: the server signs with it); incoming: null
 * @param url outgoing: where the messages go; incoming: null
 * @param trigger outgoing: the word a message must start with to be sent, or null for every message
 * @param cursor outgoing: the room position up to which messages were handed to the receiver (or given up on)
 */
public record Webhook(
        String id,
        RoomName room,
        Kind kind,
        Username bot,
        Username createdBy,
        Instant createdAt,
        String secretHash,
        String signingKey,
        URI url,
        String trigger,
        long cursor) {

    /** The longest name an incoming webhook's request may show beside its bot's ("ci (via webhook)"). */
    public static final int MAX_VIA_LENGTH = 32;

    /** The longest trigger word, in characters. */
    public static final int MAX_TRIGGER_LENGTH = 32;

    /** Which way a webhook's messages go. */
    public enum Kind {
        INCOMING,
        OUTGOING;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind a client named; {@code bad_request} for another word. */
        public static Kind ofWire(String wire) {
            for (Kind kind : values()) {
                if (kind.wire().equals(wire)) {
                    return kind;
                }
            }
            throw new ChatException(ErrorCode.BAD_REQUEST, "A webhook is 'incoming' or 'outgoing'.");
        }
    }

    public Webhook {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bot, "bot");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        if (kind == Kind.INCOMING) {
            Objects.requireNonNull(secretHash, "secretHash");
        } else {
            Objects.requireNonNull(signingKey, "signingKey");
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * A trigger word as typed, checked: null or blank for every message, else one word of 1 to
     * {@value #MAX_TRIGGER_LENGTH} visible characters without spaces, such as {@code !status}; {@code bad_request}.
     */
    public static String trigger(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String word = raw.strip();
        if (word.codePointCount(0, word.length()) > MAX_TRIGGER_LENGTH
                || word.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new ChatException(
                    ErrorCode.BAD_REQUEST,
                    "A trigger is one word of at most " + MAX_TRIGGER_LENGTH + " characters, such as '!status'.");
        }
        return word;
    }

    /** A name an incoming request gave, checked: null for none, else one line of 1 to 32 characters; {@code bad_request}. */
    public static String via(String raw) {
        if (raw == null) {
            return null;
        }
        String name = raw.strip();
        if (name.isEmpty()
                || name.codePointCount(0, name.length()) > MAX_VIA_LENGTH
                || Text.hasForbiddenControl(name, false)
                || Text.isInvisibleOnly(name)) {
            throw new ChatException(
                    ErrorCode.BAD_REQUEST,
                    "A webhook's username is one line of 1 to " + MAX_VIA_LENGTH + " characters, such as 'ci'.");
        }
        return name;
    }

    /** Whether an outgoing webhook sends this text: every text without a trigger, else those whose first word it is. */
    public boolean matches(String text) {
        if (trigger == null) {
            return true;
        }
        String t = text.stripLeading();
        return t.startsWith(trigger)
                && (t.length() == trigger.length() || Character.isWhitespace(t.charAt(trigger.length())));
    }

    public Webhook atCursor(long position) {
        return new Webhook(id, room, kind, bot, createdBy, createdAt, secretHash, signingKey, url, trigger, position);
    }

    public Webhook inRoom(RoomName to) {
        return new Webhook(id, to, kind, bot, createdBy, createdAt, secretHash, signingKey, url, trigger, cursor);
    }

    @Override
    public String toString() {
        return "Webhook[" + id + " " + kind.wire() + " of " + room + " as " + bot + "]";
    }
}
