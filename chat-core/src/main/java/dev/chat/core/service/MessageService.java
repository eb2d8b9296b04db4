package dev.chat.core.service;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class MessageService implements Messages {

    private final CoreState state;

    private static final Logger log = LoggerFactory.getLogger(MessageService.class);
    /** How long a client should wait before resending a message the store did not take. */
    static final Duration RESEND_AFTER = Duration.ofSeconds(1);

    private final MessageStore store;
    private final AccountStore accounts;
    private final RoomAccess access;
    private final KnownRooms known;
    private final Fanout fanout;
    private final TypingTracker typing;
    private final LimitPolicy limits;
    private volatile Consumer<Message> afterPosted = m -> {};
    private final MentionService mentions;
    /** While the store is down every send fails; one line per interval says so, not one per send. */
    private final QuietLog storeFailures = new QuietLog(Duration.ofSeconds(10));

    private final Clock clock;
    private final MinuteCounter stored;
    private final Telemetry telemetry;
    /** Where what follows an append that completed later runs: see {@link #afterAppend}. */
    private final Executor afterStore;
    /** Edits, deletions and reactions. */
    private final MessageChanges changes;

    MessageService(
            CoreState state,
            MessageStore store,
            AccountStore accounts,
            RoomAccess access,
            KnownRooms known,
            Fanout fanout,
            TypingTracker typing,
            Clock clock,
            LimitPolicy limits,
            MentionService mentions,
            Executor afterStore,
            Telemetry telemetry) {
        this.state = state;
        this.telemetry = telemetry;
        this.afterStore = afterStore;
        this.store = store;
        this.accounts = accounts;
        this.access = access;
        this.known = known;
        this.fanout = fanout;
        this.typing = typing;
        this.clock = clock;
        this.limits = limits;
        this.mentions = mentions;
        this.stored = new MinuteCounter(clock);
        this.changes = new MessageChanges(state, store, access, limits, mentions, this::publish, clock, storeFailures);
    }

    /** How many messages this node stored in the last 60 s (resends not counted). */
    long storedLastMinute() {
        return stored.lastMinute();
    }

    /** Told of each message stored (not of resends), on the thread that finishes the post: must be quick. */
    void afterPosted(Consumer<Message> listener) {
        this.afterPosted = listener;
    }

    @Override
    public Posted post(Principal who, RoomName room, MessageText text, ClientId clientId, Long replyTo) {
        return post(who, ClientAddress.UNKNOWN, room, text, clientId, replyTo);
    }

    /** Posts from a client at {@code from}: a guest's sends also count against what its address's guests may send. */
    Posted post(Principal who, ClientAddress from, RoomName room, MessageText body, ClientId id, Long replyTo) {
        state.requireOpen();
        RoomName name = orNotStored(room, () -> access.writable(who, room).name());
        return Await.result(store(who, from, name, body, id, replyTo, null));
    }

    /**
     * Posts what an incoming webhook was sent, as {@link #post(Principal, RoomName, MessageText, ClientId, Long)}
     * does (the same checks and limits, the same answer to a resend of {@code clientId}), shown beside the author's
     * name as {@code via} (null for none; {@code bad_request} unless {@link Message#checkVia} takes it).
     */
    Posted postVia(Principal who, RoomName room, MessageText text, ClientId clientId, String via) {
        state.requireOpen();
        Message.checkVia(via);
        RoomName name = orNotStored(room, () -> access.writable(who, room).name());
        return Await.result(store(who, ClientAddress.UNKNOWN, name, text, clientId, null, via));
    }

    /**
     * Posts to a room the caller's connection has joined: its membership is not read again (a removal takes the
     * connection out of the room), but whether the room still exists is, from this node's rooms seen a moment ago
     * (a deletion here forgets it at once), so that nothing is stored in a room deleted meanwhile. The checks are
     * made on the calling thread, and a refusal is thrown from here; the store's answer comes in the future.
     */
    CompletableFuture<Posted> postToJoined(
            Principal who, ClientAddress from, RoomName room, MessageText body, ClientId id, Long replyTo) {
        state.requireOpen();
        // The connection's join checked that it may see the room; whether it may post is its credential's to say.
        RoomAccess.requireWrite(who);
        orNotStored(room, () -> known.requireExists(room));
        return store(who, from, room, body, id, replyTo, null);
    }

    /** A room the store could not look up: the message was not stored, and a resend may be. */
    private <T> T orNotStored(RoomName room, Supplier<T> lookUp) {
        try {
            return lookUp.get();
        } catch (ChatException e) {
            if (e.code() != ErrorCode.UNAVAILABLE) {
                throw e;
            }
            storeFailures.warn(log, "Could not look up room " + room, e.getCause());
            throw new ChatException(
                    ErrorCode.NOT_STORED,
                    "The message was not stored. Send it again with the same clientId.",
                    RESEND_AFTER,
                    e);
        }
    }

    /**
     * Stores a message in a room the caller may post to. Everything before the append (the reply's target, the
     * limits) is checked here, on the calling thread, and a refusal is thrown; the future completes once the
     * message is stored and published, or with the {@code ChatException} that says why it was not.
     */
    private CompletableFuture<Posted> store(
            Principal who, ClientAddress from, RoomName name, MessageText body, ClientId id, Long replyTo, String via) {
        state.requireOpen();
        if (replyTo != null) {
            // A resend is answered whatever became of the message it replies to since.
            Optional<Message> original = findQuietly(name, who, id);
            if (original.isPresent()) {
                return CompletableFuture.completedFuture(new Posted(original.get(), true));
            }
            MessageChanges.requireMessage(store, name, replyTo, "The message you reply to is not there any more.");
        }
        Runnable giveBack;
        try {
            giveBack = limits.send(who, from);
        } catch (ChatException limited) {
            // Resending after a reconnect is the protocol working, not a flood: answer it even when limited.
            Optional<Message> original = findQuietly(name, who, id);
            if (original.isPresent()) {
                return CompletableFuture.completedFuture(new Posted(original.get(), true));
            }
            throw limited;
        }
        CompletableFuture<MessageStore.Appended> appending;
        try {
            appending = store.appendAsync(new MessageStore.NewMessage(
                    name, who.user(), id, body, MessageChanges.now(clock), replyTo, isBot(who), via));
        } catch (RuntimeException e) {
            appending = CompletableFuture.failedFuture(e);
        }
        return afterAppend(appending, (appended, failure) -> onStored(who, name, giveBack, appended, failure));
    }

    /**
     * Runs {@code then} once the append is answered. An append already answered (a store that writes on the
     * caller's thread) goes on right here, as before there were async stores. One answered later was completed on
     * the store's own thread (SQLite's writer, which every write of the file waits for), and nothing of what follows
     * runs there, not even the cheap part: giving back a limit may wait on a shared limit store, the fan-out and the
     * listeners behind it are ports that may block, and none of it may ever come to wait for a write (it would wait
     * for itself). Handing over all of it costs one hand-off per append, where splitting it would still cost one
     * for the publish. It goes to {@code afterStore}, a pool of the core's own that never waits on the store, so
     * that acknowledgements are not held up behind the worker's store calls (mentions, gap fills, session purges).
     * The returned future fails with {@code then}'s exception as thrown.
     */
    private CompletableFuture<Posted> afterAppend(
            CompletableFuture<MessageStore.Appended> appending,
            BiFunction<MessageStore.Appended, Throwable, Posted> then) {
        CompletableFuture<Posted> posted = new CompletableFuture<>();
        BiConsumer<MessageStore.Appended, Throwable> finish = (appended, failure) -> {
            try {
                posted.complete(then.apply(appended, failure));
            } catch (Throwable e) {
                posted.completeExceptionally(e);
            }
        };
        if (appending.isDone()) {
            appending.whenComplete(finish);
            return posted;
        }
        appending.whenComplete((appended, failure) -> {
            try {
                afterStore.execute(() -> finish.accept(appended, failure));
            } catch (RejectedExecutionException closing) {
                posted.completeExceptionally(new IllegalStateException("This chat core is closed.", closing));
            }
        });
        return posted;
    }

    /** What follows an append: the limit given back for a resend, the room told, or the failure made readable. */
    private Posted onStored(
            Principal who, RoomName name, Runnable giveBack, MessageStore.Appended appended, Throwable failure) {
        if (failure != null) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof Error error) {
                throw error;
            }
            storeFailures.warn(log, "Could not store a message in " + name, cause);
            giveBack.run();
            throw new ChatException(
                    ErrorCode.NOT_STORED,
                    "The message was not stored. Send it again with the same clientId.",
                    RESEND_AFTER,
                    cause);
        }
        if (appended.duplicate()) {
            giveBack.run();
        } else {
            stored.add();
            telemetry.messageStored();
            typing.stopped(name, who.user());
            mentions.posted(who, appended.message());
            afterPosted.accept(appended.message());
        }
        // A resend is published again: if the first attempt was stored but its answer (and its publish) was
        // lost, this is what brings it to live readers. Readers drop ids they already have. Not when an
        // admin deleted the original since: the author gets their ack, readers get nothing back.
        if (!appended.deleted()) {
            publish(new ChatEvent.MessagePosted(appended.message()));
        }
        return new Posted(appended.message(), appended.duplicate());
    }

    /**
     * Whether {@code who} is a bot: only a token can be one (a bot has no password, so never a session), and then
     * its account says. Read on every post, as the token itself is: an account does not turn into a bot or back, so
     * this never changes, but it costs one read of a store that a token's post has just read anyway. A store that
     * cannot answer fails the post before anything is stored, as the token's own check would.
     */
    private boolean isBot(Principal who) {
        return who.grant().isToken()
                && accounts.find(who.user()).map(Account::isBot).orElse(false);
    }

    private Optional<Message> findQuietly(RoomName room, Principal who, ClientId id) {
        try {
            return store.find(room, who.user(), id);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A stored message whose publish fails is not lost: readers fetch it from the store when the next id arrives. */
    private void publish(ChatEvent event) {
        try {
            fanout.publish(event);
        } catch (RuntimeException e) {
            log.warn("Could not publish to {}: {}", event.topic(), e.toString());
        }
    }

    @Override
    public Message edit(Principal who, RoomName room, long id, MessageText text) {
        return changes.edit(who, ClientAddress.UNKNOWN, room, id, text);
    }

    Message edit(Principal who, ClientAddress from, RoomName room, long id, MessageText text) {
        return changes.edit(who, from, room, id, text);
    }

    @Override
    public void delete(Principal who, RoomName room, long id) {
        changes.delete(who, room, id);
    }

    @Override
    public Message react(Principal who, RoomName room, long id, Emoji emoji, boolean remove) {
        return changes.react(who, ClientAddress.UNKNOWN, room, id, emoji, remove);
    }

    Message react(Principal who, ClientAddress from, RoomName room, long id, Emoji emoji, boolean remove) {
        return changes.react(who, from, room, id, emoji, remove);
    }

    @Override
    public Message message(Principal who, RoomName room, long id) {
        RoomName name = access.visible(who, room).name();
        return MessageChanges.requireMessage(store, name, id, "There is no message " + id + " in '" + name + "'.");
    }

    @Override
    public HistoryPage history(Principal who, RoomName room, Long before, PageSize pageSize) {
        RoomName name = access.visible(who, room).name();
        int size = pageSize.value();
        long cursor = before == null ? Long.MAX_VALUE : before;
        List<Message> page;
        try {
            page = store.before(name, cursor, size + 1);
        } catch (RuntimeException e) {
            log.warn("Could not read history of {}: {}", name, e.toString());
            throw new ChatException(ErrorCode.UNAVAILABLE, "History is unavailable right now. Try again.", null, e);
        }
        boolean more = page.size() > size;
        return new HistoryPage(more ? page.subList(0, size) : page, more);
    }
}
