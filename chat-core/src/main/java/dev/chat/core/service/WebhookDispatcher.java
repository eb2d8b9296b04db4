package dev.chat.core.service;

import dev.chat.core.domain.Entry;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.domain.WebhookSignature;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.WebhookCaller;
import dev.chat.core.port.out.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outgoing webhooks' messages. The backlog is the room's history itself: a webhook's cursor says up to where
 * its messages were handed over, so nothing waits in memory and nothing is lost while a receiver is down or a node
 * restarts. One node at a time sends a webhook's messages (it holds the webhook's lease in the store), one message
 * at a time, in room order, each until its receiver takes it (2xx) or {@link WebhookSettings#giveUpAfter()} has
 * passed; the cursor moves on only then, so delivery is at least once. Runs on a thread of its own and never holds
 * up a post: a post only wakes it.
 *
 * <p>A node wakes a webhook when a message is stored on it, and every {@link #SWEEP} looks at every outgoing webhook
 * (those made on other nodes, messages stored on other nodes, a lease whose node stopped).
 */
final class WebhookDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    static final Duration SWEEP = Duration.ofSeconds(30);
    /** How long a lease lasts beyond the next planned step: a node that stops gives its webhooks up this late. */
    static final Duration LEASE = Duration.ofSeconds(60);

    private static final int PAGE = 50;

    /** Posts an answer of a receiver to the room, as the webhook's bot, replying to the message it answers. */
    interface Replies {
        void post(Webhook webhook, Message answered, String text);
    }

    /** One webhook's sending, touched on the dispatcher's thread only. */
    private static final class Pump {
        final String id;
        boolean busy;
        boolean again;
        boolean recheck;

        Pump(String id) {
            this.id = id;
        }
    }

    private final WebhookStore store;
    private final MessageStore messages;
    private final WebhookCaller caller;
    private final WebhookTargets targets;
    private final WebhookSettings settings;
    private final Clock clock;
    private final String holder;
    private final ScheduledExecutorService thread;
    private final Map<String, Pump> pumps = new HashMap<>();
    private final QuietLog failures = new QuietLog(Duration.ofMinutes(1));
    private volatile Map<RoomName, Set<String>> outgoingByRoom = Map.of();
    private volatile Replies replies = (w, m, t) -> {};

    WebhookDispatcher(
            WebhookStore store,
            MessageStore messages,
            WebhookCaller caller,
            WebhookTargets targets,
            WebhookSettings settings,
            Clock clock,
            String holder) {
        this.store = store;
        this.messages = messages;
        this.caller = caller;
        this.targets = targets;
        this.settings = settings;
        this.clock = clock;
        this.holder = holder;
        this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("chat-core-webhooks"));
    }

    void start(Replies replies) {
        this.replies = replies;
        thread.scheduleWithFixedDelay(this::sweep, 0, SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A message was stored on this node: wakes its room's outgoing webhooks. Cheap; any thread. */
    void posted(Message message) {
        Set<String> ids = outgoingByRoom.get(message.room());
        if (ids != null) {
            run(() -> ids.forEach(this::kick));
        }
    }

    void added(Webhook webhook) {
        Map<RoomName, Set<String>> next = new HashMap<>(outgoingByRoom);
        Set<String> ids = new HashSet<>(next.getOrDefault(webhook.room(), Set.of()));
        ids.add(webhook.id());
        next.put(webhook.room(), Set.copyOf(ids));
        outgoingByRoom = Map.copyOf(next);
        run(() -> kick(webhook.id()));
    }

    void removed(Webhook webhook) {
        run(() -> pumps.remove(webhook.id()));
    }

    /** Every outgoing webhook looked at again: which rooms have some, and whether they have messages to send. */
    private void sweep() {
        try {
            List<Webhook> all = store.outgoing();
            Map<RoomName, Set<String>> next = new HashMap<>();
            for (Webhook webhook : all) {
                next.computeIfAbsent(webhook.room(), r -> new HashSet<>()).add(webhook.id());
            }
            next.replaceAll((room, ids) -> Set.copyOf(ids));
            outgoingByRoom = Map.copyOf(next);
            Set<String> known = new HashSet<>();
            all.forEach(w -> known.add(w.id()));
            pumps.keySet().retainAll(known);
            all.forEach(w -> kick(w.id()));
        } catch (RuntimeException e) {
            failures.warn(log, "Could not look at the outgoing webhooks", e);
        }
    }

    private void kick(String id) {
        Pump pump = pumps.computeIfAbsent(id, Pump::new);
        if (pump.busy) {
            pump.again = true;
            return;
        }
        pump.busy = true;
        pump.recheck = true;
        step(pump);
    }

    /** Sends the webhook's next message after its cursor, if any; else lets the lease go. */
    private void step(Pump pump) {
        try {
            pump.again = false;
            Instant now = clock.instant();
            if (!store.lease(pump.id, holder, now, now.plus(LEASE))) {
                idle(pump); // another node sends it, or it is gone
                return;
            }
            Optional<Webhook> found = store.find(pump.id);
            if (found.isEmpty()) {
                pumps.remove(pump.id);
                return;
            }
            Webhook webhook = found.get();
            List<Entry> page = messages.after(webhook.room(), webhook.cursor(), PAGE);
            for (Entry entry : page) {
                if (entry instanceof Message message && sends(webhook, message)) {
                    send(pump, webhook, message, 1, now);
                    return;
                }
            }
            if (!page.isEmpty()) {
                store.advance(
                        webhook.id(),
                        webhook.cursor(),
                        page.get(page.size() - 1).position());
                run(() -> step(pump));
                return;
            }
            store.release(pump.id, holder);
            // Stored on another node while this one held the lease, that node's wake-up refused: look once more.
            boolean recheck = pump.recheck;
            pump.recheck = false;
            if (pump.again || (recheck && messages.latestPosition(webhook.room()) > webhook.cursor())) {
                run(() -> step(pump));
                return;
            }
            idle(pump);
        } catch (RuntimeException e) {
            failures.warn(log, "Could not send webhook " + pump.id + "'s messages; trying again later", e);
            idle(pump);
        }
    }

    /**
     * Never a bot's message (its own answers, or another bot's: two bots could otherwise answer each other for
     * ever), nor a deleted one.
     */
    private static boolean sends(Webhook webhook, Message message) {
        return !message.isDeleted()
                && !message.bot()
                && !message.author().equals(webhook.bot())
                && webhook.matches(message.text().value());
    }

    private void send(Pump pump, Webhook webhook, Message message, int attempt, Instant firstTry) {
        long started = System.nanoTime();
        String refusal = targets.refusal(webhook.url());
        if (refusal != null) {
            failed(pump, webhook, message, attempt, firstTry, 0, "Refused: " + refusal, started);
            return;
        }
        byte[] body = WebhookBody.of(webhook, message, attempt);
        long timestamp = clock.instant().getEpochSecond();
        WebhookCaller.Call call = new WebhookCaller.Call(
                webhook.url(),
                body,
                Map.of(
                        "Content-Type",
                        "application/json; charset=utf-8",
                        "User-Agent",
                        "chat-webhooks/1",
                        "X-Chat-Webhook",
                        webhook.id(),
                        WebhookSignature.TIMESTAMP_HEADER,
                        Long.toString(timestamp),
                        WebhookSignature.SIGNATURE_HEADER,
                        WebhookSignature.sign(webhook.signingKey(), timestamp, body)),
                settings.timeout());
        try {
            caller.post(call)
                    .whenComplete((answer, failure) -> run(() -> {
                        if (failure != null) {
                            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause()
                                    : failure;
                            String why = cause.getMessage() != null
                                    ? cause.getMessage()
                                    : cause.getClass().getSimpleName();
                            failed(pump, webhook, message, attempt, firstTry, 0, "No answer: " + why, started);
                        } else if (answer.status() >= 200 && answer.status() < 300) {
                            taken(pump, webhook, message, attempt, answer, started);
                        } else {
                            failed(
                                    pump,
                                    webhook,
                                    message,
                                    attempt,
                                    firstTry,
                                    answer.status(),
                                    "Answered " + answer.status(),
                                    started);
                        }
                    }));
        } catch (RuntimeException e) {
            failed(pump, webhook, message, attempt, firstTry, 0, "Not sent: " + e.getMessage(), started);
        }
    }

    private void taken(
            Pump pump, Webhook webhook, Message message, int attempt, WebhookCaller.Answer answer, long started) {
        try {
            String error = null;
            if (answer.text() != null && !answer.text().isBlank()) {
                try {
                    replies.post(webhook, message, answer.text());
                } catch (RuntimeException e) {
                    error = "Taken, but its answer was not posted: " + e.getMessage();
                }
            }
            store.record(webhook.id(), attempt(message, attempt, answer.status(), error, started));
            store.advance(webhook.id(), webhook.cursor(), message.id());
            step(pump);
        } catch (RuntimeException e) {
            failures.warn(log, "Could not record webhook " + webhook.id() + "'s delivery; it will be sent again", e);
            idle(pump);
        }
    }

    private void failed(
            Pump pump,
            Webhook webhook,
            Message message,
            int attempt,
            Instant firstTry,
            int status,
            String error,
            long started) {
        try {
            store.record(webhook.id(), attempt(message, attempt, status, error, started));
            Instant now = clock.instant();
            if (!now.isBefore(firstTry.plus(settings.giveUpAfter()))) {
                log.warn(
                        "Webhook {} gave message {} of {} up after {} tries",
                        webhook.id(),
                        message.id(),
                        webhook.room(),
                        attempt);
                store.advance(webhook.id(), webhook.cursor(), message.id());
                step(pump);
                return;
            }
            Duration pause = settings.pauseAfter(attempt);
            if (!store.lease(pump.id, holder, now, now.plus(pause).plus(LEASE))) {
                idle(pump);
                return;
            }
            thread.schedule(
                    () -> retry(pump, webhook, message, attempt + 1, firstTry),
                    pause.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            failures.warn(log, "Could not plan webhook " + webhook.id() + "'s retry", e);
            idle(pump);
        }
    }

    private void retry(Pump pump, Webhook webhook, Message message, int attempt, Instant firstTry) {
        try {
            Optional<Webhook> now = store.find(webhook.id());
            if (now.isEmpty() || now.get().cursor() != webhook.cursor() || pumps.get(pump.id) != pump) {
                idle(pump); // deleted, or sent by another node meanwhile
                return;
            }
            send(pump, webhook, message, attempt, firstTry);
        } catch (RuntimeException e) {
            failures.warn(log, "Could not retry webhook " + webhook.id(), e);
            idle(pump);
        }
    }

    private void idle(Pump pump) {
        pump.busy = false;
        if (pump.again && pumps.get(pump.id) == pump) {
            kick(pump.id);
        }
    }

    private WebhookAttempt attempt(Message message, int attempt, int status, String error, long started) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return new WebhookAttempt(
                clock.instant().truncatedTo(ChronoUnit.MILLIS), message.id(), attempt, status, error, millis);
    }

    private void run(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException closing) {
            // Closed: what was not sent stays after the cursor, for the next start.
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
