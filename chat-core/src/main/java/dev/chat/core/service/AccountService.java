package dev.chat.core.service;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Session;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.IdGenerator;
import dev.chat.core.port.out.LimitStore;
import dev.chat.core.port.out.PasswordHasher;
import dev.chat.core.port.out.SessionStore;
import dev.chat.core.port.out.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class AccountService implements Accounts {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    private static final String WRONG_CREDENTIALS = "Wrong username or password.";
    /** Writing lastSeen on every request would turn each read into a write; once a minute is plenty. */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    static final int MAX_TOKEN_LENGTH = 256;

    private final AccountStore accounts;
    private final SessionStore sessions;
    private final PasswordHasher hasher;
    private final IdGenerator ids;
    private final Fanout fanout;
    private final Clock clock;
    private final ChatSettings settings;
    private final LimitPolicy limits;
    private final AdminRoster admins;
    private final CoreState state;
    private final TokenAuth tokens;
    private final PasswordChanges passwords;
    private volatile String decoyHash;

    AccountService(
            CoreState state,
            AccountStore accounts,
            SessionStore sessions,
            TokenStore tokens,
            PasswordHasher hasher,
            IdGenerator ids,
            Fanout fanout,
            Clock clock,
            ChatSettings settings,
            LimitPolicy limits,
            LimitStore limitStore) {
        this.state = state;
        this.accounts = accounts;
        this.sessions = sessions;
        this.hasher = hasher;
        this.ids = ids;
        this.fanout = fanout;
        this.clock = clock;
        this.settings = settings;
        this.limits = limits;
        this.passwords = new PasswordChanges(accounts, sessions, hasher, clock, limits, limitStore, this::publish);
        this.admins = new AdminRoster(settings.admins(), accounts, clock);
        this.tokens = new TokenAuth(tokens, accounts, clock);
    }

    @Override
    public Username register(Username name, Password pw, ClientAddress from) {
        state.requireOpen();
        if (name.isGuestName()) {
            throw new ChatException(ErrorCode.INVALID_USERNAME, "Names starting with 'guest-' are kept for guests.");
        }
        // A name the admin list holds is the operator's to create: answered like any taken name.
        if (settings.admins().contains(name) || accounts.find(name).isPresent()) {
            throw nameTaken(name);
        }
        limits.signUp(from);
        if (!accounts.create(new Account(name, hasher.hash(pw), clock.instant()))) {
            throw nameTaken(name);
        }
        log.info("Registered user {}", name);
        return name;
    }

    static ChatException nameTaken(Username name) {
        return new ChatException(ErrorCode.NAME_TAKEN, "The name '" + name + "' is taken.");
    }

    static ChatException noSuchUser(Username user) {
        return new ChatException(ErrorCode.NO_SUCH_USER, "There is no user named '" + user + "'.");
    }

    @Override
    public SignedIn login(String username, String password, ClientAddress from) {
        state.requireOpen();
        String key = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (key.length() > Username.MAX_LENGTH) {
            key = key.substring(0, Username.MAX_LENGTH + 1);
        }
        LimitPolicy.SignIn attempt = limits.beginSignIn(key, from);
        // A bot has no password: its name is answered like an unknown one.
        Optional<Account> account = parseName(username).flatMap(accounts::find).filter(a -> !a.isBot());
        Optional<Password> pw = parsePassword(password);
        boolean ok;
        if (account.isPresent() && pw.isPresent()) {
            ok = hasher.verify(pw.get(), account.get().passwordHash());
        } else {
            // Spend the same time as a real check, so the answer's timing does not tell whether the name exists.
            hasher.verify(pw.orElse(new Password("not-a-password")), decoyHash());
            ok = false;
        }
        if (!ok) {
            attempt.failed();
            throw new ChatException(ErrorCode.INVALID_CREDENTIALS, WRONG_CREDENTIALS);
        }
        attempt.succeeded();
        // Only after the password: whether a name is banned is not told to someone who cannot sign in as it.
        if (account.get().banned()) {
            throw banned();
        }
        return sessionFor(account.get());
    }

    /** Opens a session of an account whose owner was checked (by password, or by the embedding program). */
    SignedIn sessionFor(Account account) {
        Username user = account.username();
        if (settings.admins().contains(user)) {
            admins.saw(account);
        }
        SignedIn signedIn = openSession(user, false);
        // A ban sets the flag before it deletes the user's sessions. Either this read sees the flag, or the
        // session above was saved before the ban began, and the ban's deletion removes it.
        if (isBanned(user)) {
            sessions.delete(signedIn.principal().sessionId());
            throw banned();
        }
        return signedIn;
    }

    /** Who is an admin: the operator's service tells it when an account changes. */
    AdminRoster admins() {
        return admins;
    }

    /**
     * Whether the principal is an admin now, by the account and the admin list, not by the flag it carries: a
     * principal built by hand with {@code admin} set is not one.
     */
    boolean isAdmin(Principal who) {
        return who.admin() && !who.guest() && admins.isAdmin(who.user());
    }

    private boolean isBanned(Username user) {
        return accounts.find(user).map(Account::banned).orElse(false);
    }

    static ChatException banned() {
        return new ChatException(ErrorCode.BANNED, "This account is banned.");
    }

    static Optional<Username> parseName(String raw) {
        try {
            return Optional.of(Username.of(raw));
        } catch (ChatException e) {
            return Optional.empty();
        }
    }

    static Optional<Password> parsePassword(String raw) {
        try {
            return Optional.of(new Password(raw));
        } catch (ChatException e) {
            return Optional.empty();
        }
    }

    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            hash = hasher.hash(new Password("decoy-" + ids.sessionToken()));
            decoyHash = hash;
        }
        return hash;
    }

    @Override
    public SignedIn continueAsGuest(ClientAddress from) {
        if (!settings.guestsAllowed()) {
            throw new ChatException(ErrorCode.GUESTS_DISABLED, "This server does not allow guests.");
        }
        limits.guest(from);
        return openSession(new Username(Username.GUEST_PREFIX + ids.guestSuffix()), true);
    }

    @Override
    public boolean guestsAllowed() {
        return settings.guestsAllowed();
    }

    private SignedIn openSession(Username user, boolean guest) {
        String token = ids.sessionToken();
        Instant now = clock.instant();
        Session session = new Session(hashToken(token), user, guest, now, now);
        sessions.save(session);
        return new SignedIn(token, principalOf(session));
    }

    @Override
    public void logout(String token) {
        if (!plausibleToken(token)) {
            return;
        }
        String hash = hashToken(token);
        if (TokenAuth.looksLikeToken(token) && tokens.authenticate(token).isPresent()) {
            // An access token is revoked, not signed out: it stays as it is.
            return;
        }
        sessions.delete(hash);
        publish(new ChatEvent.SessionRevoked(hash));
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (!plausibleToken(token)) {
            return Optional.empty();
        }
        if (TokenAuth.looksLikeToken(token)) {
            try {
                Optional<Principal> byToken = tokens.authenticate(token);
                if (byToken.isPresent()) {
                    return byToken;
                }
            } catch (RuntimeException e) {
                throw unavailable(e);
            }
        }
        String hash = hashToken(token);
        Optional<Session> found;
        try {
            found = sessions.find(hash);
        } catch (RuntimeException e) {
            // Not "signed out": a client told so would throw its session away over a store outage.
            throw unavailable(e);
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.delete(hash);
            return Optional.empty();
        }
        if (session.lastSeen().plus(TOUCH_EVERY).isBefore(now)) {
            // Once a minute per session, not on every request: the account is read again, so a session that
            // escaped its user's ban (it cannot, see login, unless a store lost a write) ends here at the latest.
            if (!session.guest() && isBanned(session.user())) {
                sessions.delete(hash);
                return Optional.empty();
            }
            sessions.touch(hash, now);
        }
        return Optional.of(principalOf(session));
    }

    private boolean expired(Session session, Instant now) {
        return session.lastSeen().plus(settings.sessionIdleTimeout()).isBefore(now);
    }

    private static ChatException unavailable(RuntimeException cause) {
        return new ChatException(
                ErrorCode.UNAVAILABLE,
                "Your session cannot be checked right now. Try again.",
                MessageService.RESEND_AFTER,
                cause);
    }

    /** What became of a session that live connections hold, as the store tells it now. */
    enum SessionState {
        VALID,
        EXPIRED,
        SIGNED_OUT,
        BANNED
    }

    /** A session read again: its state and, while it holds, when it was last used. */
    record Checked(SessionState state, Instant lastSeen) {}

    /**
     * Reads a session again for the connections that hold it: whether it still holds, ended by sign-out (or a
     * password change or reset), by its user's ban, or by going unused past the idle timeout. Throws when the
     * store does not answer (the connections are then left alone and checked again later).
     */
    Checked check(Principal who) {
        if (who.grant().isToken()) {
            return tokens.check(who);
        }
        String sessionId = who.sessionId();
        Username user = who.user();
        Optional<Session> found = sessions.find(sessionId);
        if (found.isEmpty()) {
            return new Checked(isBanned(user) ? SessionState.BANNED : SessionState.SIGNED_OUT, null);
        }
        if (expired(found.get(), clock.instant())) {
            sessions.delete(sessionId);
            return new Checked(SessionState.EXPIRED, null);
        }
        if (!found.get().guest() && isBanned(user)) {
            sessions.delete(sessionId);
            return new Checked(SessionState.BANNED, null);
        }
        return new Checked(SessionState.VALID, found.get().lastSeen());
    }

    /** Records that a live connection used the session (or access token) at {@code when}. */
    void touch(Principal who, Instant when) {
        if (who.grant().isToken()) {
            tokens.touch(who, when);
        } else {
            sessions.touch(who.sessionId(), when);
        }
    }

    /** Deletes, a batch at a time, sessions unused for longer than the idle timeout; returns how many. */
    int purgeExpired(int max) {
        return sessions.purgeIdle(clock.instant().minus(settings.sessionIdleTimeout()), max);
    }

    @Override
    public void changePassword(Principal who, String current, Password nextPassword, ClientAddress from) {
        passwords.change(who, current, nextPassword, from);
    }

    @Override
    public Username resetPassword(String token, Password pw, ClientAddress from) {
        return passwords.reset(token, pw, from);
    }

    private void publish(ChatEvent event) {
        try {
            fanout.publish(event);
        } catch (RuntimeException e) {
            // The sessions are deleted; nodes that missed the event find out when they check them again.
            log.warn("Could not publish to {}: {}", event.topic(), e.toString());
        }
    }

    private Principal principalOf(Session session) {
        boolean admin = !session.guest() && admins.isAdmin(session.user());
        return new Principal(session.user(), session.guest(), admin, session.tokenHash());
    }

    private static boolean plausibleToken(String token) {
        return token != null && !token.isBlank() && token.length() <= MAX_TOKEN_LENGTH;
    }

    static String hashToken(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
