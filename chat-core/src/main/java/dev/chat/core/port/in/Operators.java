package dev.chat.core.port.in;

import dev.chat.core.domain.Password;
import dev.chat.core.domain.Username;

/**
 * What only the server's operator may do, from the server itself (the {@code chat-app admin} commands), never
 * over the network: make the accounts that the configuration's admin list may turn into admins, and, for a
 * program that embeds the core and authenticates its users itself, act as one of them.
 */
public interface Operators {

    /**
     * Creates an account made by the operator. Its name may be one the admin list reserves, which nobody can
     * register. {@code name_taken} when it exists (use {@link #vouchFor} for an existing account).
     */
    Username createAccount(Username username, Password password);

    /** Marks an existing account as the operator's, so that the admin list may make it an admin. */
    void vouchFor(Username username);

    /** A one-time password reset token for the user, valid for {@link PasswordReset#validFor()}. */
    PasswordReset issueReset(Username username);

    /**
     * Opens a session of an existing account without its password: the supported way for a program that has
     * authenticated the user by its own means (single sign-on, its own login) to act as them. The session is
     * like one from {@link Accounts#login}: it expires, ends on sign-out, password change or ban, and its
     * principal is an admin only if the account is one. {@code no_such_user} for an unknown name, {@code banned}
     * for a banned account. Never let a client choose the name.
     */
    Accounts.SignedIn signInAs(Username username);
}
