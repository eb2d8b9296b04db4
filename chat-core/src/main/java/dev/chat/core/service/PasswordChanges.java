package dev.chat.core.service;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.LimitStore;
import dev.chat.core.port.out.PasswordHasher;
import dev.chat.core.port.out.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passwords changed for {@link AccountService}: by their owner, or with a reset token. Either way the user's
 * other sessions end, and their connections close on every node.
 */
final class PasswordChanges {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    private static final LimitStore.Rate RESETS_PER_ADDRESS = new LimitStore.Rate(10, Duration.ofHours(1));

    private final AccountStore accounts;
    private final SessionStore sessions;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final LimitPolicy limits;
    private final LimitStore limitStore;
    private final Consumer<ChatEvent> publish;

    PasswordChanges(
            AccountStore accounts,
            SessionStore sessions,
            PasswordHasher hasher,
            Clock clock,
            LimitPolicy limits,
            LimitStore limitStore,
            Consumer<ChatEvent> publish) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.hasher = hasher;
        this.clock = clock;
        this.limits = limits;
        this.limitStore = limitStore;
        this.publish = publish;
    }

    /** The user's own change: the current password checked as a sign-in is, their other sessions ended. */
    void change(Principal who, String current, Password nextPassword, ClientAddress from) {
        if (who.guest()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "Guests have no password to change.");
        }
        RoomAccess.requireSession(who, "change the password");
        LimitPolicy.SignIn attempt = limits.beginSignIn(who.user().value(), from);
        Account account = accounts.find(who.user()).orElseThrow(() -> AccountService.noSuchUser(who.user()));
        if (!AccountService.parsePassword(current)
                .map(p -> hasher.verify(p, account.passwordHash()))
                .orElse(false)) {
            attempt.failed();
            throw new ChatException(ErrorCode.WRONG_PASSWORD, "The current password is not right.");
        }
        attempt.succeeded();
        if (!accounts.setPasswordHash(who.user(), hasher.hash(nextPassword))) {
            throw AccountService.noSuchUser(who.user());
        }
        endSessions(who.user(), who.sessionId());
        log.info("{} changed their password", who.user());
    }

    /** A reset with a token an admin issued: every session of the user ended. */
    Username reset(String token, Password pw, ClientAddress from) {
        if (from.isKnown()) {
            limitStore.take("reset:" + from.limitKey(), RESETS_PER_ADDRESS).ifPresent(wait -> {
                throw new ChatException(
                        ErrorCode.THROTTLED, "Too many password resets from your address. Try again later.", wait);
            });
        }
        int dot = token == null ? -1 : token.indexOf('.');
        Optional<Username> user = dot <= 0 || token.length() > AccountService.MAX_TOKEN_LENGTH
                ? Optional.empty()
                : AccountService.parseName(token.substring(0, dot));
        if (user.isEmpty()
                || !accounts.resetPassword(
                        user.get(),
                        AccountService.hashToken(token.substring(dot + 1)),
                        clock.instant(),
                        hasher.hash(pw))) {
            throw new ChatException(
                    ErrorCode.INVALID_TOKEN,
                    "This reset link is not valid: it was used already, it expired, or it was mistyped.");
        }
        endSessions(user.get(), null);
        log.info("{} set a new password with a reset token", user.get());
        return user.get();
    }

    /** Ends every session of the user but {@code keep}; their connections close on every node. */
    private void endSessions(Username user, String keep) {
        List<String> ended = sessions.deleteAllOf(user, keep);
        for (String session : ended) {
            publish.accept(new ChatEvent.SessionRevoked(session));
        }
    }
}
