package dev.chat.core.port.out;

import dev.chat.core.domain.Mention;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.util.List;

/**
 * Keeps who was called by name where: each user's mentions, newest first. A store keeps at least the newest
 * {@value #KEPT} of a user's mentions of the last {@value #KEPT_DAYS} days and may forget older ones.
 */
public interface MentionStore {

    int KEPT = 500;
    int KEPT_DAYS = 90;

    /** Records the mention; recording one of the same user, room and message again changes nothing. */
    void add(Mention mention);

    /** Forgets the user's mention in that message (it was deleted, or edited not to name them). */
    void remove(Username user, RoomName room, long messageId);

    /** Up to {@code limit} of the user's mentions, newest first (by time, then by room and message). */
    List<Mention> recent(Username user, int limit);
}
