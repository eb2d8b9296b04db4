package dev.chat.core.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Expired sessions (guests' above all) would otherwise stay in the store for ever: the core deletes them now and then. */
final class SessionPurge {

    private static final Logger log = LoggerFactory.getLogger(SessionPurge.class);

    private SessionPurge() {}

    /** Deletes up to {@code max} expired sessions; a store that does not answer is tried again next time. */
    static void run(AccountService accounts, int max) {
        try {
            int purged = accounts.purgeExpired(max);
            if (purged > 0) {
                log.info("Deleted {} expired sessions", purged);
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete expired sessions: {}", e.toString());
        }
    }
}
