package dev.chat.core.service;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.in.Operators;
import dev.chat.core.port.in.PasswordReset;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.IdGenerator;
import dev.chat.core.port.out.PasswordHasher;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the operator may do, from the server itself or the program that embeds the core: accounts the admin
 * list may make admins, reset tokens, and a session of a user the program authenticated by its own means.
 */
final class OperatorService implements Operators {

    private static final Logger audit = LoggerFactory.getLogger("audit");

    private final CoreState state;
    private final AccountStore accounts;
    private final PasswordHasher hasher;
    private final IdGenerator ids;
    private final Clock clock;
    private final AccountService sessions;

    OperatorService(
            CoreState state,
            AccountStore accounts,
            PasswordHasher hasher,
            IdGenerator ids,
            Clock clock,
            AccountService sessions) {
        this.state = state;
        this.accounts = accounts;
        this.hasher = hasher;
        this.ids = ids;
        this.clock = clock;
        this.sessions = sessions;
    }

    @Override
    public Username createAccount(Username name, Password pw) {
        if (name.isGuestName()) {
            throw new ChatException(ErrorCode.INVALID_USERNAME, "Names starting with 'guest-' are kept for guests.");
        }
        if (!accounts.create(new Account(name, hasher.hash(pw), clock.instant(), false, true))) {
            throw AccountService.nameTaken(name);
        }
        sessions.admins().forget(name);
        audit.info("operator action=create-account target={}", name);
        return name;
    }

    @Override
    public void vouchFor(Username name) {
        if (!accounts.setByOperator(name)) {
            throw AccountService.noSuchUser(name);
        }
        sessions.admins().forget(name);
        audit.info("operator action=vouch-for target={}", name);
    }

    @Override
    public PasswordReset issueReset(Username user) {
        if (accounts.find(user).map(Account::isBot).orElse(false)) {
            throw new ChatException(
                    ErrorCode.BAD_REQUEST, "A bot has no password: it signs in with its access tokens.");
        }
        String secret = ids.sessionToken();
        Instant expires = clock.instant().plus(PasswordReset.validFor());
        if (!accounts.setPasswordReset(user, AccountService.hashToken(secret), expires)) {
            throw AccountService.noSuchUser(user);
        }
        return new PasswordReset(user, user.value() + "." + secret, expires);
    }

    @Override
    public Accounts.SignedIn signInAs(Username name) {
        state.requireOpen();
        Account account = accounts.find(name).orElseThrow(() -> AccountService.noSuchUser(name));
        if (account.banned()) {
            throw AccountService.banned();
        }
        return sessions.sessionFor(account);
    }
}
