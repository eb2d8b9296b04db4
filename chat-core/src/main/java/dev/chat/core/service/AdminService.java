package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.NodeFigures;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Admin;
import dev.chat.core.port.in.Operators;
import dev.chat.core.port.in.PasswordReset;
import dev.chat.core.port.in.RoomChange;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.PresenceStore;
import dev.chat.core.port.out.RoomStore;
import dev.chat.core.port.out.SessionStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin's actions. Several of them are a few store writes in a row, not one transaction: each is
 * ordered so that what users see is right at every step (see the comments), and an admin who saw one
 * fail can repeat it.
 */
final class AdminService implements Admin {

    private static final Logger log = LoggerFactory.getLogger(AdminService.class);
    private static final Logger audit = LoggerFactory.getLogger("audit");
    private static final int STATS_PAGE = 500;

    private final AccountStore accounts;
    private final SessionStore sessions;
    private final RoomStore roomStore;
    private final MessageService messages;
    private final RoomService rooms;
    private final PresenceStore presence;
    private final Fanout fanout;
    private final ChatSettings settings;
    private final NodeReporter node;
    private final AccountService accountService;
    private final Operators operators;
    private final RoomRemover remover;

    AdminService(
            AccountStore accounts,
            SessionStore sessions,
            RoomStore roomStore,
            MessageService messages,
            RoomService rooms,
            PresenceStore presence,
            Fanout fanout,
            ChatSettings settings,
            NodeReporter node,
            AccountService accountService,
            Operators operators,
            RoomRemover remover) {
        this.remover = remover;
        this.accountService = accountService;
        this.operators = operators;
        this.accounts = accounts;
        this.sessions = sessions;
        this.roomStore = roomStore;
        this.messages = messages;
        this.rooms = rooms;
        this.presence = presence;
        this.fanout = fanout;
        this.settings = settings;
        this.node = node;
    }

    @Override
    public List<UserSummary> users(Principal who) {
        requireAdmin(who);
        return accounts.list().stream()
                .map(a -> new UserSummary(
                        a.username(),
                        a.createdAt(),
                        a.banned(),
                        a.byOperator() && settings.admins().contains(a.username()),
                        a.isBot()))
                .toList();
    }

    @Override
    public void ban(Principal who, Username target) {
        requireAdmin(who);
        if (target.equals(who.user())) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "You cannot ban yourself.");
        }
        // The flag first: a sign-in that slips in after it is refused, one before it has its session deleted below.
        if (!accounts.setBanned(target, true)) {
            throw noSuchUser(target);
        }
        List<String> ended = sessions.deleteAllOf(target);
        publish(new ChatEvent.UserBanned(target));
        // For a connection whose handshake passed just before its session was deleted, on whichever node.
        for (String session : ended) {
            publish(new ChatEvent.SessionRevoked(session));
        }
        audit(who, "ban", target.value());
    }

    @Override
    public void unban(Principal who, Username target) {
        requireAdmin(who);
        if (!accounts.setBanned(target, false)) {
            throw noSuchUser(target);
        }
        audit(who, "unban", target.value());
    }

    @Override
    public PasswordReset issueReset(Principal who, Username user) {
        requireAdmin(who);
        PasswordReset reset = operators.issueReset(user);
        audit(who, "issue-reset", reset.user().value());
        return reset;
    }

    @Override
    public void deleteMessage(Principal who, RoomName room, long id) {
        requireAdmin(who);
        messages.delete(who, room, id);
    }

    @Override
    public void deleteRoom(Principal who, RoomName name) {
        requireAdmin(who);
        remover.delete(name);
        audit(who, "delete-room", name.value());
    }

    @Override
    public Room changeRoom(Principal who, RoomName room, RoomChange change) {
        requireAdmin(who);
        RoomName name = room;
        if (rooms.find(name).kind() == RoomKind.DIRECT) {
            throw new ChatException(ErrorCode.FORBIDDEN, "A direct room has no name to choose and no topic.");
        }
        if (change.name().isPresent()) {
            RoomService.requireNotDirectName(change.name().get());
            name = rename(who, name, change.name().get());
        }
        if (change.topic().isPresent()) {
            if (!roomStore.setTopic(name, change.topic().get())) {
                throw RoomService.noSuchRoom(name);
            }
            rooms.forget(name); // seen here with its old topic
            audit(who, "set-topic", name.value());
        }
        Room changed = rooms.find(name);
        if (change.topic().isPresent() && changed.kind() == RoomKind.PUBLIC) {
            publish(new ChatEvent.RoomListed(changed.name(), changed.topic()));
        }
        return changed;
    }

    private RoomName rename(Principal who, RoomName from, RoomName to) {
        if (!remover.rename(from, to)) {
            rooms.find(from);
            throw new ChatException(ErrorCode.ROOM_EXISTS, "A room named '" + to + "' exists already.");
        }
        audit(who, "rename-room", from + "->" + to);
        return to;
    }

    @Override
    public Stats stats(Principal who) {
        requireAdmin(who);
        // This node's own line is made fresh; the others are as their nodes last reported them.
        Map<String, NodeFigures> nodes = new HashMap<>(presence.nodes());
        nodes.put(node.node(), node.current());
        long perMinute = nodes.values().stream()
                .mapToLong(NodeFigures::messagesLastMinute)
                .sum();
        Set<Username> online = new HashSet<>();
        for (RoomKind kind : RoomKind.values()) {
            RoomName after = null;
            List<Room> page;
            do {
                page = roomStore.page(kind, after, STATS_PAGE);
                for (Room r : page) {
                    online.addAll(presence.users(r.name()));
                }
                after = page.isEmpty() ? null : page.get(page.size() - 1).name();
            } while (page.size() == STATS_PAGE);
        }
        return new Stats(online.size(), nodes, perMinute);
    }

    private void requireAdmin(Principal who) {
        if (!accountService.isAdmin(who)) {
            throw new ChatException(ErrorCode.FORBIDDEN, "Only an admin can do that.");
        }
    }

    private static ChatException noSuchUser(Username user) {
        return AccountService.noSuchUser(user);
    }

    private void publish(ChatEvent event) {
        try {
            fanout.publish(event);
        } catch (RuntimeException e) {
            log.warn("Could not publish to {}: {}", event.topic(), e.toString());
        }
    }

    private static void audit(Principal who, String action, String target) {
        audit.info("admin={} action={} target={}", who.user(), action, target);
    }
}
