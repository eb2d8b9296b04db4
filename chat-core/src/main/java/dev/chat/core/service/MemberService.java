package dev.chat.core.service;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Members;
import dev.chat.core.port.in.Members.Listed;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MemberStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A room's members and roles; every call is checked by {@link RoomAccess} first. */
final class MemberService implements Members {

    private static final Logger log = LoggerFactory.getLogger(MemberService.class);
    /** The most members a private room's hand-over reads to find the next owner. */
    private static final int SUCCESSION_READ = 10_000;

    private final RoomAccess access;
    private final MemberStore members;
    private final AccountStore accounts;
    private final RoomRemover remover;
    private final Fanout fanout;

    MemberService(RoomAccess access, MemberStore members, AccountStore accounts, RoomRemover remover, Fanout fanout) {
        this.access = access;
        this.members = members;
        this.accounts = accounts;
        this.remover = remover;
        this.fanout = fanout;
    }

    @Override
    public MemberPage list(Principal who, RoomName room, Username after, PageSize pageSize) {
        Room visible = access.visible(who, room);
        int size = pageSize.value();
        List<Member> page = members.members(visible.name(), after, size + 1);
        boolean more = page.size() > size;
        return new MemberPage(
                (more ? page.subList(0, size) : page).stream().map(this::listed).toList(), more);
    }

    /**
     * The member as listed: whether they are a bot is their account's to say, one read per member (a page holds at
     * most {@value PageSize#MOST}; guests have no account and are no bots).
     */
    private Listed listed(Member member) {
        return new Listed(member, isBot(member.user()));
    }

    private boolean isBot(Username user) {
        return accounts.find(user).map(Account::isBot).orElse(false);
    }

    @Override
    public Listed add(Principal who, RoomName room, Username user) {
        Room visible = access.writable(who, room);
        requirePrivate(visible, "People join a public room themselves.");
        access.require(who, room, Role.MODERATOR);
        Account account = accounts.find(user).orElseThrow(() -> AccountService.noSuchUser(user));
        Member member = access.newMember(visible.name(), user);
        if (!members.add(member)) {
            return new Listed(access.membership(visible.name(), user).orElse(member), account.isBot());
        }
        publish(new ChatEvent.MemberAdded(visible.name(), user));
        access.audit(who, "add-member", room + "/" + user);
        return new Listed(member, account.isBot());
    }

    @Override
    public void remove(Principal who, RoomName room, Username user) {
        Room visible = access.writable(who, room);
        if (visible.kind() == RoomKind.DIRECT) {
            throw new ChatException(ErrorCode.FORBIDDEN, "Nobody leaves or is removed from a direct conversation.");
        }
        boolean self = user.equals(who.user());
        Member target = access.membership(visible.name(), user).orElseThrow(() -> notAMember(user, room));
        if (!self) {
            requirePrivate(visible, "Nobody is removed from a public room; people leave it themselves.");
            access.require(who, room, Role.MODERATOR);
            if (target.role() == Role.OWNER && !access.isAdmin(who)) {
                throw new ChatException(ErrorCode.FORBIDDEN, "The owner cannot be removed; they may leave.");
            }
        }
        if (!members.remove(visible.name(), user)) {
            return;
        }
        publish(new ChatEvent.MemberRemoved(visible.name(), user));
        access.audit(who, self ? "leave" : "remove-member", room + "/" + user);
        if (visible.kind() == RoomKind.PRIVATE && target.role() == Role.OWNER) {
            handOn(visible.name());
        }
    }

    /**
     * The owner left: the oldest moderator, else the oldest member, owns the room now; a private room nobody is in is
     * deleted.
     */
    private void handOn(RoomName room) {
        List<Member> left = new ArrayList<>(members.members(room, null, SUCCESSION_READ));
        if (left.isEmpty()) {
            remover.delete(room);
            log.info("The private room {} was left empty and is deleted", room);
            return;
        }
        if (left.stream().anyMatch(m -> m.role() == Role.OWNER)) {
            return;
        }
        left.sort(Comparator.comparing((Member m) -> m.role() == Role.MODERATOR ? 0 : 1)
                .thenComparing(Member::since)
                .thenComparing(Member::user));
        Member heir = left.get(0);
        members.setRole(room, heir.user(), Role.OWNER);
        log.info("{} owns {} now", heir.user(), room);
    }

    @Override
    public Listed setRole(Principal who, RoomName room, Username user, Role role) {
        Room visible = access.writable(who, room);
        if (visible.kind() == RoomKind.DIRECT) {
            throw new ChatException(ErrorCode.FORBIDDEN, "A direct conversation has no roles.");
        }
        access.require(who, room, role == Role.OWNER ? Role.OWNER : Role.MODERATOR);
        Member target = access.membership(visible.name(), user).orElseThrow(() -> notAMember(user, room));
        if (target.role() == Role.OWNER && !access.isAdmin(who) && !user.equals(who.user())) {
            throw new ChatException(ErrorCode.FORBIDDEN, "Only the owner hands the room on.");
        }
        if (target.role() == role) {
            return listed(target);
        }
        // The new owner first, so that the room is never without one; then whoever owned it stays as a moderator.
        members.setRole(visible.name(), user, role);
        if (role == Role.OWNER) {
            members.members(visible.name(), null, SUCCESSION_READ).stream()
                    .filter(m -> m.role() == Role.OWNER && !m.user().equals(user))
                    .forEach(m -> members.setRole(visible.name(), m.user(), Role.MODERATOR));
        }
        access.audit(who, "set-role", room + "/" + user + ":" + role.wire());
        return listed(target.withRole(role));
    }

    private static void requirePrivate(Room room, String why) {
        if (room.kind() == RoomKind.DIRECT) {
            throw new ChatException(ErrorCode.FORBIDDEN, "The people of a direct conversation are fixed.");
        }
        if (room.kind() == RoomKind.PUBLIC) {
            throw new ChatException(ErrorCode.FORBIDDEN, why);
        }
    }

    private static ChatException notAMember(Username user, RoomName room) {
        return new ChatException(ErrorCode.NO_SUCH_USER, "'" + user + "' is not a member of '" + room + "'.");
    }

    private void publish(ChatEvent event) {
        try {
            fanout.publish(event);
        } catch (RuntimeException e) {
            log.warn("Could not publish to {}: {}", event.topic(), e.toString());
        }
    }
}
