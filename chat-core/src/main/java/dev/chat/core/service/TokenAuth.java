package dev.chat.core.service;

import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.Account;
import dev.chat.core.domain.Principal;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.TokenStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Recognises access tokens: the bearer credential of {@link TokenService}'s tokens, told from a session's token by
 * its {@value #PREFIX} prefix. A token holds while it is stored (not revoked), unexpired, and its owner's account
 * exists and is not banned, all read on every use: programs use tokens, and a ban or revocation must hold at once.
 */
final class TokenAuth {

    /** How a token's secret begins: what secret scanners and people recognise. */
    static final String PREFIX = "chat_";

    private final TokenStore tokens;
    private final AccountStore accounts;
    private final Clock clock;

    TokenAuth(TokenStore tokens, AccountStore accounts, Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.clock = clock;
    }

    static boolean looksLikeToken(String secret) {
        return secret.startsWith(PREFIX);
    }

    /** The principal of a token that holds now; empty for one that does not. */
    Optional<Principal> authenticate(String secret) {
        String hash = AccountService.hashToken(secret);
        Optional<AccessToken> found = tokens.find(hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AccessToken token = found.get();
        Instant now = clock.instant();
        if (token.grant().expiredAt(now) || !ownerInGoodStanding(token)) {
            return Optional.empty();
        }
        if (token.lastUsed() == null
                || token.lastUsed().plus(AccountService.TOUCH_EVERY).isBefore(now)) {
            tokens.touch(hash, now);
        }
        return Optional.of(principalOf(token));
    }

    static Principal principalOf(AccessToken token) {
        // Never an admin: what only an admin may do needs the person, signed in.
        return new Principal(token.owner(), false, false, token.tokenHash(), token.grant());
    }

    private boolean ownerInGoodStanding(AccessToken token) {
        return accounts.find(token.owner()).filter(a -> !a.banned()).isPresent();
    }

    /** The token that connections of {@code who} hold, read again: see {@code AccountService.check}. */
    AccountService.Checked check(Principal who) {
        Optional<AccessToken> found = tokens.find(who.sessionId());
        Optional<Account> owner = accounts.find(who.user());
        if (owner.isPresent() && owner.get().banned()) {
            return new AccountService.Checked(AccountService.SessionState.BANNED, null);
        }
        if (found.isEmpty() || owner.isEmpty()) {
            return new AccountService.Checked(AccountService.SessionState.SIGNED_OUT, null);
        }
        if (found.get().grant().expiredAt(clock.instant())) {
            return new AccountService.Checked(AccountService.SessionState.EXPIRED, null);
        }
        // A token does not expire by going unused: now is as good as a session's last sight.
        return new AccountService.Checked(AccountService.SessionState.VALID, clock.instant());
    }

    void touch(Principal who, Instant when) {
        tokens.touch(who.sessionId(), when);
    }
}
