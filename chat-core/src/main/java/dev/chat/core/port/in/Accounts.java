package dev.chat.core.port.in;

import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Username;
import java.util.Optional;

/** Registering, signing in and out, and recognising a session token. */
public interface Accounts {

    /** Creates an account; refuses a taken name ({@code name_taken}) or an invalid name or password. */
    Username register(String username, String password);

    /**
     * Signs in. A wrong password and an unknown name give the same {@code invalid_credentials}; repeated
     * failures for one name are refused for a growing time with {@code throttled}.
     */
    SignedIn login(String username, String password);

    /** Signs in as a new {@code guest-xxxxxx} user, when the server allows guests. */
    SignedIn continueAsGuest();

    /** Whether {@link #continueAsGuest()} is offered on this server. */
    boolean guestsAllowed();

    /** Ends the session of this token, and closes its open connections. Unknown tokens are ignored. */
    void logout(String token);

    /** The principal of a valid, unexpired session token. */
    Optional<Principal> authenticate(String token);

    /** A new session: the bearer token (shown once, never stored) and who it signs in. */
    record SignedIn(String token, Principal principal) {
        @Override
        public String toString() {
            return "SignedIn[" + principal.user() + "]";
        }
    }
}
