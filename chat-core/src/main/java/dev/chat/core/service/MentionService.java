package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.Mention;
import dev.chat.core.domain.Mentions;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MemberStore;
import dev.chat.core.port.out.MentionStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns names in messages into mentions, after the message is stored and acknowledged (on the worker, so that a
 * send never waits for it): each user named who can read the room gets one, and is told on every connection. A
 * private or direct room's readers are its members; a public room's, everyone with an account. {@code @room} names
 * every member of the room when a moderator, the owner or an admin writes it (else nobody). An edit that names
 * someone new mentions them; one that drops a name, or a deletion, takes the mention back (without telling anyone).
 */
final class MentionService {

    private static final Logger log = LoggerFactory.getLogger(MentionService.class);
    /** The most people one message calls by name; the rest are not mentioned. */
    static final int MOST_NAMED = 50;
    /** The most members {@code @room} reaches. */
    static final int MOST_IN_ROOM = 1000;

    private final KnownRooms rooms;
    private final RoomAccess access;
    private final MemberStore members;
    private final AccountStore accounts;
    private final MentionStore mentions;
    private final Fanout fanout;
    private final Executor worker;

    MentionService(
            KnownRooms rooms,
            RoomAccess access,
            MemberStore members,
            AccountStore accounts,
            MentionStore mentions,
            Fanout fanout,
            Executor worker) {
        this.rooms = rooms;
        this.access = access;
        this.members = members;
        this.accounts = accounts;
        this.mentions = mentions;
        this.fanout = fanout;
        this.worker = worker;
    }

    /** A message was stored. */
    void posted(Principal author, Message message) {
        Mentions named = Mentions.in(message.text());
        if (named != Mentions.NONE) {
            later(() -> mention(author, message, readers(author, message, named)));
        }
    }

    /** A message got a new text. */
    void edited(Principal author, Message before, Message after) {
        Mentions was = Mentions.in(before.text());
        Mentions now = Mentions.in(after.text());
        if (was == Mentions.NONE && now == Mentions.NONE) {
            return;
        }
        later(() -> {
            Set<Username> then = readers(author, before, was);
            Set<Username> named = readers(author, after, now);
            Set<Username> fresh = new LinkedHashSet<>(named);
            fresh.removeAll(then);
            mention(author, after, fresh);
            then.removeAll(named);
            then.forEach(user -> mentions.remove(user, after.room(), after.id()));
        });
    }

    /** A message was deleted: its mentions go. */
    void deleted(Message before) {
        Mentions was = Mentions.in(before.text());
        if (was == Mentions.NONE) {
            return;
        }
        later(() -> {
            was.users().forEach(user -> mentions.remove(user, before.room(), before.id()));
            if (was.room()) {
                members.members(before.room(), null, MOST_IN_ROOM)
                        .forEach(m -> mentions.remove(m.user(), before.room(), before.id()));
            }
        });
    }

    private void later(Runnable task) {
        worker.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Could not record mentions: {}", e.toString());
            }
        });
    }

    private void mention(Principal author, Message message, Set<Username> users) {
        for (Username user : users) {
            mentions.add(Mention.of(user, message));
            fanout.publish(new ChatEvent.Mentioned(user, message));
        }
    }

    /** Who the names reach: the named who can read the room, and with {@code @room} its members; never the author. */
    private Set<Username> readers(Principal author, Message message, Mentions named) {
        Set<Username> readers = new LinkedHashSet<>();
        if (named == Mentions.NONE) {
            return readers;
        }
        Room room = rooms.existing(message.room());
        if (named.room() && mayCallEveryone(author, room)) {
            members.members(room.name(), null, MOST_IN_ROOM).stream()
                    .map(Member::user)
                    .forEach(readers::add);
        }
        List<Username> users = named.users().stream().limit(MOST_NAMED).toList();
        for (Username user : users) {
            boolean reads = room.isPublic()
                    ? accounts.find(user).isPresent()
                    : members.find(room.name(), user).isPresent();
            if (reads) {
                readers.add(user);
            }
        }
        readers.remove(message.author());
        return readers;
    }

    private boolean mayCallEveryone(Principal author, Room room) {
        return access.isAdmin(author)
                || members.find(room.name(), author.user())
                        .map(m -> m.role().atLeast(Role.MODERATOR))
                        .orElse(false);
    }
}
