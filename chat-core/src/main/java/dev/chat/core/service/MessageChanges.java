package dev.chat.core.service;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.out.MessageStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to stored messages for {@link MessageService}: edits (the author's), deletions (the author's, or a
 * moderator's, audited) and reactions. Each is made under the sender's rate, as loud as a message, at a position
 * of its own in the room, and told to the room; a change that changes nothing gives the rate back and tells no one.
 */
final class MessageChanges {

    private static final Logger log = LoggerFactory.getLogger(MessageService.class);

    private final CoreState state;
    private final MessageStore store;
    private final RoomAccess access;
    private final LimitPolicy limits;
    private final MentionService mentions;
    private final Consumer<ChatEvent> publish;
    private final Clock clock;
    private final QuietLog storeFailures;

    MessageChanges(
            CoreState state,
            MessageStore store,
            RoomAccess access,
            LimitPolicy limits,
            MentionService mentions,
            Consumer<ChatEvent> publish,
            Clock clock,
            QuietLog storeFailures) {
        this.state = state;
        this.store = store;
        this.access = access;
        this.limits = limits;
        this.mentions = mentions;
        this.publish = publish;
        this.clock = clock;
        this.storeFailures = storeFailures;
    }

    Message edit(Principal who, ClientAddress from, RoomName room, long id, MessageText text) {
        RoomName name = access.writable(who, room).name();
        MessageStore.Changed changed = change(who, from, name, id, ChangeKind.EDITED, current -> {
            if (!current.author().equals(who.user())) {
                throw new ChatException(ErrorCode.FORBIDDEN, "Only its author may edit a message.");
            }
            return current.text().equals(text) ? current : current.withText(text, now(clock));
        });
        if (changed.change().isPresent()) {
            mentions.edited(who, changed.before(), changed.message());
        }
        return changed.message();
    }

    void delete(Principal who, RoomName room, long id) {
        RoomName name = access.writable(who, room).name();
        Message message = requireMessage(store, name, id, "There is no message " + id + " in '" + name + "'.");
        boolean own = message.author().equals(who.user());
        if (!own) {
            access.require(who, name, Role.MODERATOR);
        }
        Message before = change(who, ClientAddress.UNKNOWN, name, id, ChangeKind.DELETED, Message::deleted)
                .before();
        mentions.deleted(before);
        if (!own) {
            access.audit(who, "delete-message", name + "/" + before.id());
        }
    }

    Message react(Principal who, ClientAddress from, RoomName room, long id, Emoji emoji, boolean remove) {
        RoomName name = access.writable(who, room).name();
        return change(who, from, name, id, ChangeKind.REACTED, current -> {
                    Reactions now = current.reactions();
                    Reactions next = remove ? now.remove(emoji, who.user()) : now.add(emoji, who.user());
                    return next == now ? current : current.withReactions(next);
                })
                .message();
    }

    /** Makes a change under the sender's rate (edits and reactions are as loud as messages), and tells the room. */
    private MessageStore.Changed change(
            Principal who, ClientAddress from, RoomName room, long id, ChangeKind kind, MessageStore.Edit edit) {
        state.requireOpen();
        Runnable giveBack = limits.send(who, from);
        Optional<MessageStore.Changed> changed;
        try {
            changed = store.change(room, id, kind, edit);
        } catch (ChatException refused) {
            giveBack.run();
            throw refused;
        } catch (RuntimeException e) {
            giveBack.run();
            storeFailures.warn(log, "Could not change a message in " + room, e);
            throw new ChatException(
                    ErrorCode.UNAVAILABLE, "The change was not saved. Try again.", MessageService.RESEND_AFTER, e);
        }
        if (changed.isEmpty()) {
            giveBack.run();
            throw new ChatException(ErrorCode.NO_SUCH_MESSAGE, "There is no message " + id + " in '" + room + "'.");
        }
        Optional<Change> made = changed.get().change();
        if (made.isEmpty()) {
            giveBack.run();
        } else {
            publish.accept(new ChatEvent.MessageChanged(made.get()));
        }
        return changed.get();
    }

    /** The message {@code id} of {@code room}, or {@code no_such_message} with {@code sentence}. */
    static Message requireMessage(MessageStore store, RoomName room, long id, String sentence) {
        Optional<Message> found;
        try {
            found = store.message(room, id);
        } catch (RuntimeException e) {
            throw new ChatException(ErrorCode.UNAVAILABLE, "The message cannot be read right now. Try again.", null, e);
        }
        return found.orElseThrow(() -> new ChatException(ErrorCode.NO_SUCH_MESSAGE, sentence));
    }

    /** Now, as the stores keep time: to the millisecond. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
