package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.Mention;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.ReadState;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Reads;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MemberStore;
import dev.chat.core.port.out.MentionStore;
import dev.chat.core.port.out.MessageStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read markers and the counts that follow from them. A marker lives on the user's membership of the room (so a
 * guest, who is no member, has none); unread messages are counted from the store after it, the user's own left
 * out; unread mentions are the user's newest mentions after it.
 */
final class ReadService implements Reads {

    private static final Logger log = LoggerFactory.getLogger(ReadService.class);

    private final RoomAccess access;
    private final MemberStore members;
    private final MessageStore messages;
    private final MentionStore mentions;
    private final Fanout fanout;

    ReadService(RoomAccess access, MemberStore members, MessageStore messages, MentionStore mentions, Fanout fanout) {
        this.access = access;
        this.members = members;
        this.messages = messages;
        this.mentions = mentions;
        this.fanout = fanout;
    }

    @Override
    public ReadState markRead(Principal who, RoomName name, long upTo) {
        if (who.guest()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "The server keeps no read state for guests.");
        }
        Room room = access.visible(who, name);
        access.joinedPublic(who, room);
        ReadState state;
        try {
            long target = Math.min(Math.max(0, upTo), messages.latestPosition(room.name()));
            members.markRead(room.name(), who.user(), target);
            Member member = members.find(room.name(), who.user()).orElseThrow(() -> KnownRooms.noSuchRoom(name));
            state = count(who.user(), member, mentions.recent(who.user(), MentionStore.KEPT));
        } catch (ChatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ChatException(
                    ErrorCode.UNAVAILABLE, "Your read state cannot be saved right now. Try again.", null, e);
        }
        try {
            fanout.publish(new ChatEvent.ReadMoved(who.user(), state));
        } catch (RuntimeException e) {
            log.warn("Could not tell {}'s other connections of their read state: {}", who.user(), e.toString());
        }
        return state;
    }

    /** The read state of each of the user's memberships; rooms whose counts cannot be read are left out. */
    Map<RoomName, ReadState> states(Username user, Collection<Member> memberships) {
        Map<RoomName, ReadState> states = new HashMap<>();
        if (memberships.isEmpty()) {
            return states;
        }
        try {
            List<Mention> recent = mentions.recent(user, MentionStore.KEPT);
            for (Member member : memberships) {
                states.put(member.room(), count(user, member, recent));
            }
        } catch (RuntimeException e) {
            log.warn("Could not count {}'s unread messages: {}", user, e.toString());
        }
        return states;
    }

    private ReadState count(Username user, Member member, List<Mention> recent) {
        int unread = messages.countAfter(member.room(), member.readUpTo(), user, ReadState.MOST_COUNTED);
        int mentioned = (int) recent.stream()
                .filter(m -> m.room().equals(member.room()) && m.messageId() > member.readUpTo())
                .count();
        return new ReadState(member.room(), member.readUpTo(), unread, mentioned);
    }

    @Override
    public List<MentionItem> mentions(Principal who, PageSize size) {
        List<MentionItem> items = new ArrayList<>();
        Map<RoomName, Optional<Member>> memberships = new HashMap<>();
        for (Mention mention : mentions.recent(who.user(), size.value())) {
            Optional<Message> message;
            try {
                access.visible(who, mention.room());
                message = messages.message(mention.room(), mention.messageId());
            } catch (ChatException gone) {
                continue; // the room is gone, or the user is no longer in it
            }
            if (message.isEmpty()) {
                continue;
            }
            long readUpTo = memberships
                    .computeIfAbsent(mention.room(), r -> access.membership(r, who.user()))
                    .map(Member::readUpTo)
                    .orElse(0L);
            items.add(new MentionItem(message.get(), mention.messageId() > readUpTo));
        }
        return items;
    }
}
