package dev.chat.core.service;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Session;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.IdGenerator;
import dev.chat.core.port.out.PasswordHasher;
import dev.chat.core.port.out.SessionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class AccountService implements Accounts {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    private static final String WRONG_CREDENTIALS = "Wrong username or password.";
    /** Writing lastSeen on every request would turn each read into a write; once a minute is plenty. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final int MAX_TOKEN_LENGTH = 256;

    private final AccountStore accounts;
    private final SessionStore sessions;
    private final PasswordHasher hasher;
    private final IdGenerator ids;
    private final Fanout fanout;
    private final Clock clock;
    private final ChatSettings settings;
    private final LoginThrottle throttle;
    private volatile String decoyHash;

    AccountService(AccountStore accounts, SessionStore sessions, PasswordHasher hasher, IdGenerator ids,
                   Fanout fanout, Clock clock, ChatSettings settings) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.hasher = hasher;
        this.ids = ids;
        this.fanout = fanout;
        this.clock = clock;
        this.settings = settings;
        this.throttle = new LoginThrottle(clock);
    }

    @Override
    public Username register(String username, String password) {
        Username name = Username.of(username);
        if (name.isGuestName()) {
            throw new ChatException(ErrorCode.INVALID_USERNAME, "Names starting with 'guest-' are kept for guests.");
        }
        Password pw = new Password(password);
        if (accounts.find(name).isPresent()) {
            throw nameTaken(name);
        }
        if (!accounts.create(new Account(name, hasher.hash(pw), clock.instant()))) {
            throw nameTaken(name);
        }
        log.info("Registered user {}", name);
        return name;
    }

    private static ChatException nameTaken(Username name) {
        return new ChatException(ErrorCode.NAME_TAKEN, "The name '" + name + "' is taken.");
    }

    @Override
    public SignedIn login(String username, String password) {
        String key = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (key.length() > Username.MAX_LENGTH) {
            key = key.substring(0, Username.MAX_LENGTH + 1);
        }
        Optional<Duration> wait = throttle.tryBegin(key);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw new ChatException(ErrorCode.THROTTLED,
                    "Too many failed sign-ins. Try again in " + seconds + " s.", wait.get());
        }
        Optional<Account> account = parseName(username).flatMap(accounts::find);
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
            throw new ChatException(ErrorCode.INVALID_CREDENTIALS, WRONG_CREDENTIALS);
        }
        throttle.succeeded(key);
        // Only after the password: whether a name is banned is not told to someone who cannot sign in as it.
        if (account.get().banned()) {
            throw banned();
        }
        SignedIn signedIn = openSession(account.get().username(), false);
        // A ban sets the flag before it deletes the user's sessions. Either this read sees the flag, or the
        // session above was saved before the ban began, and the ban's deletion removes it.
        if (isBanned(account.get().username())) {
            sessions.delete(signedIn.principal().sessionId());
            throw banned();
        }
        return signedIn;
    }

    private boolean isBanned(Username user) {
        return accounts.find(user).map(Account::banned).orElse(false);
    }

    private static ChatException banned() {
        return new ChatException(ErrorCode.BANNED, "This account is banned.");
    }

    private static Optional<Username> parseName(String raw) {
        try {
            return Optional.of(Username.of(raw));
        } catch (ChatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Password> parsePassword(String raw) {
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
    public SignedIn continueAsGuest() {
        if (!settings.guestsAllowed()) {
            throw new ChatException(ErrorCode.GUESTS_DISABLED, "This server does not allow guests.");
        }
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
        sessions.delete(hash);
        fanout.publish(new ChatEvent.SessionRevoked(hash));
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (!plausibleToken(token)) {
            return Optional.empty();
        }
        String hash = hashToken(token);
        Optional<Session> found;
        try {
            found = sessions.find(hash);
        } catch (RuntimeException e) {
            // Not "signed out": a client told so would throw its session away over a store outage.
            throw new ChatException(ErrorCode.UNAVAILABLE, "Your session cannot be checked right now. Try again.",
                    MessageService.RESEND_AFTER, e);
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        Instant now = clock.instant();
        if (session.lastSeen().plus(settings.sessionIdleTimeout()).isBefore(now)) {
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

    private Principal principalOf(Session session) {
        boolean admin = !session.guest() && settings.admins().contains(session.user());
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
