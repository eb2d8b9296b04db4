package dev.chat.core.memory;

import dev.chat.core.domain.Member;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MemberStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Memberships indexed both ways (room → users, user → rooms); lost when the process ends. */
public final class InMemoryMemberStore implements MemberStore {

    private final Map<RoomName, ConcurrentSkipListMap<Username, Member>> byRoom = new ConcurrentSkipListMap<>();
    private final Map<Username, ConcurrentSkipListMap<RoomName, Member>> byUser = new ConcurrentSkipListMap<>();

    @Override
    public synchronized boolean add(Member member) {
        if (find(member.room(), member.user()).isPresent()) {
            return false;
        }
        put(member);
        return true;
    }

    private void put(Member member) {
        byRoom.computeIfAbsent(member.room(), r -> new ConcurrentSkipListMap<>())
                .put(member.user(), member);
        byUser.computeIfAbsent(member.user(), u -> new ConcurrentSkipListMap<>())
                .put(member.room(), member);
    }

    @Override
    public synchronized Optional<Member> find(RoomName room, Username user) {
        Map<Username, Member> members = byRoom.get(room);
        return Optional.ofNullable(members == null ? null : members.get(user));
    }

    @Override
    public synchronized List<Member> members(RoomName room, Username after, int limit) {
        ConcurrentSkipListMap<Username, Member> members = byRoom.get(room);
        if (members == null) {
            return List.of();
        }
        return (after == null ? members : members.tailMap(after, false))
                .values().stream().limit(limit).toList();
    }

    @Override
    public synchronized List<Member> roomsOf(Username user, RoomName after, int limit) {
        ConcurrentSkipListMap<RoomName, Member> rooms = byUser.get(user);
        if (rooms == null) {
            return List.of();
        }
        return (after == null ? rooms : rooms.tailMap(after, false))
                .values().stream().limit(limit).toList();
    }

    @Override
    public synchronized boolean markRead(RoomName room, Username user, long upTo) {
        Optional<Member> member = find(room, user);
        member.ifPresent(m -> put(m.readTo(upTo)));
        return member.isPresent();
    }

    @Override
    public synchronized boolean setRole(RoomName room, Username user, Role role) {
        Optional<Member> member = find(room, user);
        member.ifPresent(m -> put(m.withRole(role)));
        return member.isPresent();
    }

    @Override
    public synchronized boolean remove(RoomName room, Username user) {
        Map<Username, Member> members = byRoom.get(room);
        if (members == null || members.remove(user) == null) {
            return false;
        }
        if (members.isEmpty()) {
            byRoom.remove(room);
        }
        Map<RoomName, Member> rooms = byUser.get(user);
        rooms.remove(room);
        if (rooms.isEmpty()) {
            byUser.remove(user);
        }
        return true;
    }

    @Override
    public synchronized void removeAll(RoomName room) {
        for (Member member : new ArrayList<>(members(room, null, Integer.MAX_VALUE))) {
            remove(room, member.user());
        }
    }

    @Override
    public synchronized void moveRoom(RoomName from, RoomName to) {
        for (Member member : new ArrayList<>(members(from, null, Integer.MAX_VALUE))) {
            remove(from, member.user());
            put(new Member(to, member.user(), member.role(), member.since(), member.readUpTo()));
        }
    }
}
