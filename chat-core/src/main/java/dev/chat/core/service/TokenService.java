package dev.chat.core.service;

import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.Account;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.TokenId;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Tokens;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.IdGenerator;
import dev.chat.core.port.out.TokenStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Access tokens and bot accounts: see {@link Tokens}. Who may see a room is {@link RoomAccess}'s to say. */
final class TokenService implements Tokens {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    private static final Logger audit = LoggerFactory.getLogger("audit");

    private final TokenStore tokens;
    private final AccountStore accounts;
    private final AccountService accountService;
    private final RoomAccess access;
    private final Fanout fanout;
    private final IdGenerator ids;
    private final Clock clock;

    TokenService(
            TokenStore tokens,
            AccountStore accounts,
            AccountService accountService,
            RoomAccess access,
            Fanout fanout,
            IdGenerator ids,
            Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.accountService = accountService;
        this.access = access;
        this.fanout = fanout;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public Created create(Principal who, Request request) {
        if (who.guest()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "Guests cannot make access tokens.");
        }
        RoomAccess.requireSession(who, "make access tokens");
        // The rooms as the caller sees them: one they may not see is answered as one that does not exist.
        for (RoomName room : request.rooms()) {
            access.visible(who, room);
        }
        Created created = issue(who.user(), request);
        log.info(
                "{} made access token {} ({})",
                who.user(),
                created.about().id(),
                created.about().name());
        return created;
    }

    @Override
    public List<AccessToken> list(Principal who) {
        RoomAccess.requireSession(who, "list access tokens");
        return newestFirst(tokens.listOf(who.user()));
    }

    @Override
    public void revoke(Principal who, TokenId id) {
        RoomAccess.requireSession(who, "revoke access tokens");
        revoked(who.user(), id);
        log.info("{} revoked access token {}", who.user(), id);
    }

    @Override
    public Username createBot(Principal admin, Username name) {
        requireAdmin(admin);
        if (name.isGuestName()) {
            throw new ChatException(ErrorCode.INVALID_USERNAME, "Names starting with 'guest-' are kept for guests.");
        }
        if (!accounts.create(new Account(name, Account.BOT, clock.instant()))) {
            throw AccountService.nameTaken(name);
        }
        access.audit(admin, "create-bot", name.value());
        return name;
    }

    @Override
    public Created createFor(Principal admin, Username bot, Request request) {
        requireAdmin(admin);
        requireBot(bot);
        for (RoomName room : request.rooms()) {
            access.visible(admin, room);
        }
        Created created = issue(bot, request);
        access.audit(
                admin, "create-bot-token", bot.value() + "/" + created.about().id());
        return created;
    }

    @Override
    public List<AccessToken> listOf(Principal admin, Username bot) {
        requireAdmin(admin);
        requireBot(bot);
        return newestFirst(tokens.listOf(bot));
    }

    @Override
    public void revokeOf(Principal admin, Username bot, TokenId id) {
        requireAdmin(admin);
        requireBot(bot);
        revoked(bot, id);
        access.audit(admin, "revoke-bot-token", bot.value() + "/" + id);
    }

    private Created issue(Username owner, Request request) {
        String name = AccessToken.name(request.name());
        if (request.rooms().size() > MOST_ROOMS) {
            throw new ChatException(
                    ErrorCode.BAD_REQUEST, "A token may be limited to at most " + MOST_ROOMS + " rooms.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // as the stores keep it
        Instant expiresAt =
                request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MILLIS);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "A token's expiry must be in the future.");
        }
        if (tokens.listOf(owner).size() >= MOST_PER_ACCOUNT) {
            throw new ChatException(
                    ErrorCode.TOO_MANY_TOKENS,
                    "An account may hold " + MOST_PER_ACCOUNT + " access tokens: revoke one first.");
        }
        String secret = TokenAuth.PREFIX + ids.sessionToken();
        String hash = AccountService.hashToken(secret);
        // Public, for lists and revocation: a hash of the secret, apart from the stored one.
        String id = AccountService.hashToken("id:" + secret).substring(0, 12);
        AccessToken token =
                new AccessToken(id, owner, name, hash, now, expiresAt, null, request.rooms(), request.write());
        tokens.save(token);
        return new Created(secret, token);
    }

    private void revoked(Username owner, TokenId id) {
        AccessToken token = tokens.delete(owner, id.value())
                .orElseThrow(() -> new ChatException(ErrorCode.NO_SUCH_TOKEN, "There is no access token " + id + "."));
        try {
            fanout.publish(new ChatEvent.SessionRevoked(token.tokenHash()));
        } catch (RuntimeException e) {
            // Deleted: nodes that missed the event close its connections when they check them again.
            log.warn("Could not publish the revocation of a token: {}", e.toString());
        }
    }

    private void requireAdmin(Principal who) {
        if (!accountService.isAdmin(who)) {
            throw new ChatException(ErrorCode.FORBIDDEN, "Only an admin can do that.");
        }
    }

    private void requireBot(Username bot) {
        if (!accounts.find(bot).map(Account::isBot).orElse(false)) {
            throw new ChatException(ErrorCode.NO_SUCH_USER, "There is no bot named '" + bot + "'.");
        }
    }

    private static List<AccessToken> newestFirst(List<AccessToken> list) {
        return list.stream()
                .sorted(Comparator.comparing(AccessToken::createdAt).reversed().thenComparing(AccessToken::id))
                .toList();
    }
}
