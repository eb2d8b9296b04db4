package dev.chat.core.port.in;

import dev.chat.core.domain.Message;
import dev.chat.core.domain.Principal;
import java.util.List;

/** Posting messages and reading history. */
public interface Messages {

    int DEFAULT_PAGE = 50;
    int MAX_PAGE = 100;

    /**
     * Stores a message, then tells the room. A resend with the same {@code clientId} returns the
     * original message and stores nothing. Refused with {@code rate_limited} when the author sends too
     * fast, and with {@code not_stored} when the store failed (resending is then safe).
     */
    Posted post(Principal who, String room, String text, String clientId);

    /** The newest messages before {@code before} (or the newest of all), newest first, at most 100. */
    HistoryPage history(Principal who, String room, Long before, Integer limit);

    /** The stored message, and whether this call was a resend of it. */
    record Posted(Message message, boolean duplicate) {}

    /** A page of history, newest first; {@code more} says whether older messages exist. */
    record HistoryPage(List<Message> messages, boolean more) {
        public HistoryPage {
            messages = List.copyOf(messages);
        }
    }
}
