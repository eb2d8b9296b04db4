package dev.chat.core.service;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MemberStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may see and do what in a room: the one place every path asks — the room list, a room's history over HTTP, a
 * join (with and without {@code after}), a post, the members and their roles, deleting. A public room is everyone's
 * who is signed in; a private or direct room only its members', and the server's admins'. A caller who may not see
 * a room is answered exactly as for a room that does not exist ({@code no_such_room}): they learn nothing, not even
 * that it exists. A member whose role does not allow something is answered {@code forbidden}.
 *
 * <p>A connection that has joined a room holds its access for as long as it is in it: a removal takes it out of the
 * room on every node ({@code ChatEvent.MemberRemoved}), and a join checks again after it is attached to the room's
 * hub, so a removal cannot slip between the check and the attach.
 */
final class RoomAccess {

    private static final Logger audit = LoggerFactory.getLogger("audit");

    private final KnownRooms rooms;
    private final MemberStore members;
    private final Predicate<Principal> isAdmin;
    private final Clock clock;
    private final ToLongFunction<RoomName> latestPosition;

    RoomAccess(
            KnownRooms rooms,
            MemberStore members,
            Predicate<Principal> isAdmin,
            Clock clock,
            ToLongFunction<RoomName> latestPosition) {
        this.rooms = rooms;
        this.members = members;
        this.isAdmin = isAdmin;
        this.clock = clock;
        this.latestPosition = latestPosition;
    }

    /**
     * The room, if the caller may see it; else {@code no_such_room}, as for a room that does not exist. An access
     * token limited to some rooms sees no other, whatever its owner may.
     */
    Room visible(Principal who, RoomName name) {
        if (!who.grant().covers(name)) {
            throw KnownRooms.noSuchRoom(name);
        }
        Room room = rooms.existing(name);
        if (!room.isPublic()
                && !isAdmin(who)
                && membership(room.name(), who.user()).isEmpty()) {
            throw KnownRooms.noSuchRoom(name);
        }
        return room;
    }

    /**
     * The room, if the caller may see it and change things in it (post, edit, react, manage its members): as {@link
     * #visible}, and {@code forbidden} for a read-only access token.
     */
    Room writable(Principal who, RoomName name) {
        Room room = visible(who, name);
        requireWrite(who);
        return room;
    }

    /** {@code forbidden} for a read-only access token. */
    static void requireWrite(Principal who) {
        if (!who.grant().write()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "This access token may only read.");
        }
    }

    /**
     * {@code forbidden} unless the caller may act beyond rooms that exist (create a room, open a direct one): an
     * access token limited to some rooms, or to reading, may not.
     */
    static void requireEveryRoom(Principal who, String what) {
        requireWrite(who);
        if (!who.grant().everyRoom()) {
            throw new ChatException(
                    ErrorCode.FORBIDDEN, "This access token is limited to some rooms: it cannot " + what + ".");
        }
    }

    /**
     * {@code forbidden} for an access token: what only the person may do (change their password, make or revoke
     * tokens) needs a signed-in session.
     */
    static void requireSession(Principal who, String what) {
        if (who.grant().isToken()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "An access token cannot " + what + ": sign in to do it.");
        }
    }

    /**
     * Whether the caller may still see a room they were let into a moment ago: asked again after a join is attached
     * to the room's hub (a public room needs no second look).
     */
    boolean stillVisible(Principal who, Room room) {
        return who.grant().covers(room.name())
                && (room.isPublic()
                        || isAdmin(who)
                        || membership(room.name(), who.user()).isPresent());
    }

    /**
     * The caller's membership of a room they may see, which must hold at least {@code least}; an admin passes
     * whatever their membership (then empty when they are not a member). {@code no_such_room}, {@code forbidden}.
     */
    Optional<Member> require(Principal who, RoomName name, Role least) {
        Room room = writable(who, name);
        Optional<Member> member = membership(room.name(), who.user());
        if (isAdmin(who)) {
            return member;
        }
        if (member.isEmpty() || !member.get().role().atLeast(least)) {
            throw forbidden(least);
        }
        return member;
    }

    /** Makes a signed-in user a member of a public room they joined, so their room list follows them. */
    void joinedPublic(Principal who, Room room) {
        if (!room.isPublic()
                || who.guest()
                || membership(room.name(), who.user()).isPresent()) {
            return;
        }
        members.add(newMember(room.name(), who.user()));
    }

    /**
     * A member who joins (or is added to) a room with a history: what was said before counts as read, so that their
     * room list does not greet them with the whole history unread.
     */
    Member newMember(RoomName room, Username user) {
        return new Member(room, user, Role.MEMBER, clock.instant(), latestPosition.applyAsLong(room));
    }

    /**
     * One line on the {@code audit} logger for an action that changed something in a room: {@code admin=ana …} when
     * the server's admin did it, {@code user=bob …} when a room's owner or moderator did.
     */
    void audit(Principal who, String action, String target) {
        audit.info("{}={} action={} target={}", isAdmin(who) ? "admin" : "user", who.user(), action, target);
    }

    boolean isAdmin(Principal who) {
        return isAdmin.test(who);
    }

    Optional<Member> membership(RoomName room, Username user) {
        try {
            return members.find(room, user);
        } catch (RuntimeException e) {
            throw KnownRooms.unavailable(e);
        }
    }

    static ChatException forbidden(Role least) {
        return new ChatException(
                ErrorCode.FORBIDDEN,
                least == Role.OWNER
                        ? "Only the room's owner may do that."
                        : least == Role.MODERATOR
                                ? "Only the room's owner and moderators may do that."
                                : "Only the room's members may do that.");
    }
}
