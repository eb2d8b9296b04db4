package dev.chat.core.service;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Principal;
import dev.chat.core.port.out.LimitStore;
import dev.chat.core.port.out.Telemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every limit on what one user, address or name may do, decided in one place over a {@link LimitStore}
 * (shared by the nodes when Redis is configured). Callers from inside the process
 * ({@link ClientAddress#UNKNOWN}) are held only to the per-user and per-name limits.
 *
 * <p>Sign-in is throttled three ways, so that guessing is slow and the owner is not locked out:
 * <ul>
 *   <li>per address and name: {@value #FREE_FAILURES} failures, then a wait of 1 s doubling to 15 minutes;
 *       a successful sign-in from that address clears it;</li>
 *   <li>per address, over every name (spraying one password over many names): 20 failures per 10 minutes;</li>
 *   <li>per name, from addresses the account has never signed in from (guessing from many addresses):
 *       50 failures per hour. An address the account signed in from in the last 30 days is known and is
 *       never held to this, so whoever merely knows a name cannot lock its owner out.</li>
 * </ul>
 */
final class LimitPolicy {

    static final int FREE_FAILURES = 5;
    static final LimitStore.Backoff SIGN_IN_BACKOFF =
            new LimitStore.Backoff(FREE_FAILURES, Duration.ofSeconds(1), Duration.ofMinutes(15));
    static final LimitStore.Rate SIGN_IN_PER_ADDRESS = new LimitStore.Rate(20, Duration.ofMinutes(10));
    static final LimitStore.Rate SIGN_IN_PER_NAME = new LimitStore.Rate(50, Duration.ofHours(1));
    static final Duration KNOWN_ADDRESS_FOR = Duration.ofDays(30);
    private static final Duration SEND_WINDOW = Duration.ofSeconds(10);

    private final LimitStore store;
    private final ChatSettings settings;
    private final ChatSettings.Limits limits;

    private final Telemetry telemetry;

    LimitPolicy(LimitStore store, ChatSettings settings) {
        this(store, settings, Telemetry.NONE);
    }

    LimitPolicy(LimitStore store, ChatSettings settings, Telemetry telemetry) {
        this.store = store;
        this.settings = settings;
        this.limits = settings.limits();
        this.telemetry = telemetry;
    }

    /** An account is about to be registered from {@code from}; {@code throttled} past the address's allowance. */
    void signUp(ClientAddress from) {
        perAddressPerHour(
                "signup",
                from,
                limits.signupsPerAddressPerHour(),
                "Too many accounts were registered from your address. Try again in ");
    }

    /** A guest session is about to be opened from {@code from}. */
    void guest(ClientAddress from) {
        perAddressPerHour(
                "guest",
                from,
                limits.guestsPerAddressPerHour(),
                "Too many guests came from your address. Try again in ");
    }

    private void perAddressPerHour(String what, ClientAddress from, int perHour, String sentence) {
        if (perHour == 0 || !from.isKnown()) {
            return;
        }
        store.take(what + ":" + from.limitKey(), new LimitStore.Rate(perHour, Duration.ofHours(1)))
                .ifPresent(wait -> {
                    throw throttled(sentence + minutes(wait) + ".", wait);
                });
    }

    /**
     * Starts a sign-in attempt of {@code name} (as typed, folded) from {@code from}; {@code throttled} when any
     * of the three limits says wait. The attempt counts as failed until {@link SignIn#succeeded()}.
     */
    SignIn beginSignIn(String name, ClientAddress from) {
        try {
            return attempt(name, from);
        } catch (ChatException throttled) {
            telemetry.signIn(Telemetry.SignIn.THROTTLED);
            throw throttled;
        }
    }

    private SignIn attempt(String name, ClientAddress from) {
        String address = from.limitKey();
        Optional<Duration> wait = store.beginAttempt("signin:" + address + ":" + name, SIGN_IN_BACKOFF);
        if (wait.isPresent()) {
            throw throttled("Too many failed sign-ins. Try again in " + seconds(wait.get()) + " s.", wait.get());
        }
        List<Runnable> refunds = new ArrayList<>();
        if (from.isKnown()) {
            String addressKey = "signin-address:" + address;
            wait = store.take(addressKey, SIGN_IN_PER_ADDRESS);
            if (wait.isPresent()) {
                throw throttled(
                        "Too many failed sign-ins from your address. Try again in " + seconds(wait.get()) + " s.",
                        wait.get());
            }
            refunds.add(() -> store.giveBack(addressKey, SIGN_IN_PER_ADDRESS));
            if (!store.remembers(knownKey(name, from))) {
                String nameKey = "signin-name:" + name;
                wait = store.take(nameKey, SIGN_IN_PER_NAME);
                if (wait.isPresent()) {
                    refunds.forEach(Runnable::run);
                    throw throttled(
                            "Too many failed sign-ins for this account from new addresses. Try again in "
                                    + seconds(wait.get()) + " s.",
                            wait.get());
                }
                refunds.add(() -> store.giveBack(nameKey, SIGN_IN_PER_NAME));
            }
        }
        return new SignIn(name, from, refunds);
    }

    private static String knownKey(String name, ClientAddress from) {
        return "signin-known:" + name + ":" + from.limitKey();
    }

    /** A sign-in in progress; it is a failure unless {@link #succeeded()} is called. */
    final class SignIn {
        private final String name;
        private final ClientAddress from;
        private final List<Runnable> refunds;

        private SignIn(String name, ClientAddress from, List<Runnable> refunds) {
            this.name = name;
            this.from = from;
            this.refunds = refunds;
        }

        /** The wrong name or password: the attempt counts against the limits (as it did from its start). */
        void failed() {
            telemetry.signIn(Telemetry.SignIn.FAILED);
        }

        /** The right password: the attempt does not count, and the address becomes known to the account. */
        void succeeded() {
            telemetry.signIn(Telemetry.SignIn.SUCCEEDED);
            store.clearAttempts("signin:" + from.limitKey() + ":" + name);
            refunds.forEach(Runnable::run);
            if (from.isKnown()) {
                store.remember(knownKey(name, from), KNOWN_ADDRESS_FOR);
            }
        }
    }

    /**
     * Takes one message from the sender's allowance (and, for a guest, from the allowance all guests of the
     * address share); {@code rate_limited} when one of them is spent. What it returns gives it back, for a
     * send that turns out to be a resend.
     */
    Runnable send(Principal who, ClientAddress from) {
        int perWindow = settings.rateLimitPer10s();
        if (perWindow == 0) {
            return () -> {};
        }
        LimitStore.Rate rate = new LimitStore.Rate(perWindow, SEND_WINDOW);
        String userKey = "send:" + who.user().value();
        Optional<Duration> wait = store.take(userKey, rate);
        if (wait.isPresent()) {
            telemetry.rateLimited();
            throw rateLimited(wait.get());
        }
        if (!who.guest() || !from.isKnown()) {
            return () -> store.giveBack(userKey, rate);
        }
        String addressKey = "send-guests:" + from.limitKey();
        wait = store.take(addressKey, rate);
        if (wait.isPresent()) {
            store.giveBack(userKey, rate);
            telemetry.rateLimited();
            throw rateLimited(wait.get());
        }
        return () -> {
            store.giveBack(userKey, rate);
            store.giveBack(addressKey, rate);
        };
    }

    static ChatException rateLimited(Duration wait) {
        return new ChatException(ErrorCode.RATE_LIMITED, "You are sending too fast. Wait a moment.", wait);
    }

    /**
     * Holds a place for one more live connection of {@code who} from {@code from}: one of the user's and one of
     * the address's. {@code too_many_connections} when either is full.
     */
    LimitStore.Hold connection(Principal who, ClientAddress from) {
        int perUser = limits.connectionsPerUser();
        LimitStore.Hold user = store.hold("conn-user:" + who.user().value(), perUser)
                .orElseThrow(() -> new ChatException(
                        ErrorCode.TOO_MANY_CONNECTIONS,
                        "You have " + perUser + " connections open already; close one first."));
        int perAddress = limits.connectionsPerAddress();
        if (perAddress == 0 || !from.isKnown()) {
            return user;
        }
        Optional<LimitStore.Hold> address = store.hold("conn-address:" + from.limitKey(), perAddress);
        if (address.isEmpty()) {
            user.close();
            throw new ChatException(
                    ErrorCode.TOO_MANY_CONNECTIONS,
                    "Your address has " + perAddress + " connections open already; close one first.");
        }
        return () -> {
            address.get().close();
            user.close();
        };
    }

    private static ChatException throttled(String sentence, Duration wait) {
        return new ChatException(ErrorCode.THROTTLED, sentence, wait);
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static String minutes(Duration wait) {
        long minutes = (wait.toSeconds() + 59) / 60;
        return minutes <= 1 ? "a minute" : minutes + " minutes";
    }
}
