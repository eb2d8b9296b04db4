package dev.chat.core.service;

import dev.chat.core.domain.Principal;
import dev.chat.core.port.in.Live.Ending;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the sessions that this node's live connections hold honest: a session ends for its connections
 * when it is signed out, its user banned, or it goes unused past the idle timeout, whatever node or request
 * ended it. Sign-outs and bans arrive as events on the sessions topic; when that topic may have lost events
 * (Redis was away), every session held here is read again ({@link #checkAll}). Use of a connection (any
 * frame but a ping) counts as use of its session: it is written to the store at most once a minute, as an
 * HTTP request's is, so an open, active client keeps its session, and an idle one lets it expire.
 */
final class SessionWatch {

    private static final Logger log = LoggerFactory.getLogger(SessionWatch.class);

    private final AccountService accounts;
    private final Clock clock;
    private final Duration idle;
    private final BiConsumer<String, Ending> end;
    private final Map<String, Watched> sessions = new ConcurrentHashMap<>();
    private final AtomicBoolean checkingAll = new AtomicBoolean();
    private final QuietLog storeFailures = new QuietLog(Duration.ofSeconds(30));

    /** {@code end} closes every connection of a session on this node. */
    SessionWatch(AccountService accounts, Clock clock, Duration idle, BiConsumer<String, Ending> end) {
        this.accounts = accounts;
        this.clock = clock;
        this.idle = idle;
        this.end = end;
    }

    /** How often {@link #tick} should run: a session that expires is closed within that. */
    static Duration interval(Duration idle) {
        Duration quarter = idle.dividedBy(4);
        Duration most = Duration.ofSeconds(5);
        Duration least = Duration.ofMillis(100);
        return quarter.compareTo(most) > 0 ? most : quarter.compareTo(least) < 0 ? least : quarter;
    }

    private static final class Watched {
        final Principal who;
        int connections;
        /** When the store last recorded a use, as far as this node knows (a lower bound). */
        volatile Instant stored;
        /** When a connection of this node last used it. */
        volatile Instant used;

        Watched(Principal who, Instant now) {
            this.who = who;
            // The handshake just checked it, and a check records use at most a minute late.
            this.stored = now.minus(AccountService.TOUCH_EVERY);
            this.used = now;
        }
    }

    /** A connection of {@code who}'s session opened on this node. */
    void opened(Principal who) {
        Instant now = clock.instant();
        sessions.compute(who.sessionId(), (id, w) -> {
            Watched watched = w == null ? new Watched(who, now) : w;
            watched.connections++;
            return watched;
        });
    }

    /** A connection of {@code who}'s session closed. */
    void closed(Principal who) {
        sessions.computeIfPresent(who.sessionId(), (id, w) -> --w.connections <= 0 ? null : w);
    }

    /** A connection used its session (a frame that is not a ping). */
    void used(String sessionId) {
        Watched watched = sessions.get(sessionId);
        if (watched != null) {
            watched.used = clock.instant();
        }
    }

    /** The session ended (an event said so): it is no longer watched. */
    void forget(String sessionId) {
        sessions.remove(sessionId);
    }

    int size() {
        return sessions.size();
    }

    /**
     * Records recent use in the store, and closes the connections of sessions unused for longer than the idle
     * timeout (read again first: another node or an HTTP request may have used them meanwhile).
     */
    void tick() {
        Instant now = clock.instant();
        for (Map.Entry<String, Watched> entry : sessions.entrySet()) {
            Watched w = entry.getValue();
            if (w.who.grant().expiredAt(now)) {
                // An access token that expires while its connections are open.
                end(entry.getKey(), Ending.EXPIRED);
                continue;
            }
            try {
                if (w.used.isAfter(w.stored.plus(AccountService.TOUCH_EVERY))) {
                    Instant used = w.used;
                    accounts.touch(w.who, used);
                    w.stored = used;
                }
                if (idleTooLong(w, now)) {
                    check(entry.getKey(), w, now);
                }
            } catch (RuntimeException e) {
                storeFailures.warn(log, "Could not check a session of " + w.who.user(), e);
            }
        }
    }

    /**
     * Reads every watched session again: events that would have ended some may have been lost. Runs once at a
     * time; a call while one runs is dropped (the running one reads every session anyway).
     */
    void checkAll() {
        if (!checkingAll.compareAndSet(false, true)) {
            return;
        }
        int ended = 0;
        try {
            for (Map.Entry<String, Watched> entry : List.copyOf(sessions.entrySet())) {
                try {
                    if (check(entry.getKey(), entry.getValue(), clock.instant())) {
                        ended++;
                    }
                } catch (RuntimeException e) {
                    storeFailures.warn(
                            log,
                            "Could not check a session of "
                                    + entry.getValue().who.user(),
                            e);
                }
            }
        } finally {
            checkingAll.set(false);
        }
        if (ended > 0) {
            log.info("Closed the connections of {} sessions that had ended while their events could not arrive", ended);
        }
    }

    private boolean idleTooLong(Watched w, Instant now) {
        Instant lastUse = w.used.isAfter(w.stored) ? w.used : w.stored;
        return lastUse.plus(idle).isBefore(now);
    }

    /** Reads the session; ends its connections when it no longer holds. True when it ended them. */
    private boolean check(String sessionId, Watched w, Instant now) {
        AccountService.Checked checked = accounts.check(w.who);
        switch (checked.state()) {
            case VALID -> {
                Instant seen = checked.lastSeen();
                if (seen.isAfter(w.stored)) {
                    w.stored = seen;
                }
                return false;
            }
            case EXPIRED -> end(sessionId, Ending.EXPIRED);
            case BANNED -> end(sessionId, Ending.BANNED);
            // Gone from the store: signed out, or expired and purged already, which it is when unused for so long.
            default -> end(sessionId, idleTooLong(w, now) ? Ending.EXPIRED : Ending.SIGNED_OUT);
        }
        return true;
    }

    private void end(String sessionId, Ending ending) {
        sessions.remove(sessionId);
        end.accept(sessionId, ending);
    }
}
