package dev.chat.core.port.in;

import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.TokenId;
import dev.chat.core.domain.Username;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Access tokens and bot accounts. A token is a bearer credential like a session's, for programs: named, shown once,
 * stored hashed, listed with its last use, revocable, optionally expiring, and optionally limited to some rooms (the
 * others are answered {@code no_such_room}, as if they did not exist) and to reading ({@code forbidden} for any
 * change). A person makes tokens for themself from a signed-in session (never with a token); an admin makes bot
 * accounts (no password: a bot signs in only with its tokens) and their tokens. Revoking a token closes its
 * connections on every node.
 */
public interface Tokens {

    /** The most tokens one account may hold. */
    int MOST_PER_ACCOUNT = 50;

    /** The most rooms one token may be limited to. */
    int MOST_ROOMS = 50;

    /**
     * What a new token may do: its name, the rooms it is limited to (empty: every room its owner may see), whether it
     * may write, and when it expires (null: never).
     */
    record Request(String name, Set<RoomName> rooms, boolean write, Instant expiresAt) {
        public Request {
            rooms = Set.copyOf(rooms);
        }
    }

    /** A new token: its secret (shown once, never stored) and what is stored about it. */
    record Created(String token, AccessToken about) {
        @Override
        public String toString() {
            return "Created[" + about + "]";
        }
    }

    /**
     * Makes a token for the caller: {@code forbidden} for a guest or a caller signed in with a token, {@code
     * no_such_room} for a room the caller may not see, {@code too_many_tokens} past {@link #MOST_PER_ACCOUNT}.
     */
    Created create(Principal who, Request request);

    /** The caller's tokens, newest first (never their secrets). */
    List<AccessToken> list(Principal who);

    /** Revokes one of the caller's tokens; its connections close on every node. {@code no_such_token}. */
    void revoke(Principal who, TokenId id);

    /** Makes a bot account (admins only): {@code name_taken}, {@code invalid_username}. */
    Username createBot(Principal admin, Username name);

    /** Makes a token for a bot (admins only): as {@link #create}, {@code no_such_user} when it is not a bot. */
    Created createFor(Principal admin, Username bot, Request request);

    /** A bot's tokens (admins only). */
    List<AccessToken> listOf(Principal admin, Username bot);

    /** Revokes a bot's token (admins only). */
    void revokeOf(Principal admin, Username bot, TokenId id);
}
