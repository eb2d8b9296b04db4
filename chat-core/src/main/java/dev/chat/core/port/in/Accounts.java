package dev.chat.core.port.in;

import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Username;
import java.util.Optional;

/**
 * Registering, signing in and out, changing a password, and recognising a session token. Calls that hash a
 * password are slow on purpose (a fraction of a second): run them off any event loop, on a pool of their
 * own. {@code from} is the client's address, for the per-address limits; callers inside the process pass
 * {@link ClientAddress#UNKNOWN} (the overloads without it do).
 */
public interface Accounts {

    /**
     * Creates an account; refuses a taken or reserved name ({@code name_taken}), an invalid name or password,
     * and more than the address may register in an hour ({@code throttled}).
     */
    Username register(Username username, Password password, ClientAddress from);

    default Username register(Username username, Password password) {
        return register(username, password, ClientAddress.UNKNOWN);
    }

    /**
     * Signs in. A wrong password and an unknown name give the same {@code invalid_credentials}; repeated
     * failures are refused for a growing time with {@code throttled} (see docs/protocol.md). The name and password
     * are taken as typed, not as domain values: they are checked, not parsed, and a name or password that could
     * never be valid is answered like a wrong one.
     */
    SignedIn login(String username, String password, ClientAddress from);

    default SignedIn login(String username, String password) {
        return login(username, password, ClientAddress.UNKNOWN);
    }

    /** Signs in as a new {@code guest-xxxxxx} user, when the server allows guests and the address may. */
    SignedIn continueAsGuest(ClientAddress from);

    default SignedIn continueAsGuest() {
        return continueAsGuest(ClientAddress.UNKNOWN);
    }

    /** Whether {@link #continueAsGuest} is offered on this server. */
    boolean guestsAllowed();

    /** Ends the session of this token, and closes its open connections. Unknown tokens are ignored. */
    void logout(String token);

    /** The principal of a valid, unexpired session token. */
    Optional<Principal> authenticate(String token);

    /**
     * Changes the signed-in user's password: {@code wrong_password} unless {@code current} is right. Every
     * other session of the user ends (their connections close, on every node); this one stays.
     */
    void changePassword(Principal who, String current, Password next, ClientAddress from);

    /**
     * Sets a new password with a one-time reset token an admin or the operator issued; every session of the
     * user ends. {@code invalid_token} for a token that is unknown, used or expired.
     */
    Username resetPassword(String token, Password password, ClientAddress from);

    /** A new session: the bearer token (shown once, never stored) and who it signs in. */
    record SignedIn(String token, Principal principal) {
        @Override
        public String toString() {
            return "SignedIn[" + principal.user() + "]";
        }
    }
}
