package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Messages;

/** Writes the server's frames, exactly as {@code docs/protocol.md} describes them. */
final class FrameEncoder {

    private FrameEncoder() {}

    /**
     * Whether the event's frame depends on who it goes to: a message with reactions says whether the reader reacted.
     */
    static boolean dependsOnViewer(LiveEvent event) {
        return (event instanceof LiveEvent.Delivered d
                        && !d.message().reactions().isEmpty())
                || (event instanceof LiveEvent.Mentioned m
                        && !m.message().reactions().isEmpty())
                || (event instanceof LiveEvent.Changed c
                        && c.change().kind() != ChangeKind.DELETED
                        && !c.change().message().reactions().isEmpty());
    }

    /** The event's frame as {@code viewer} sees it (see {@link #dependsOnViewer}). */
    static String event(LiveEvent event, Username viewer) {
        ObjectNode node;
        if (event instanceof LiveEvent.Delivered d) {
            node = typed("message");
            node.setAll(Json.message(d.message(), viewer));
        } else if (event instanceof LiveEvent.Changed c) {
            node = change(c.change(), viewer);
        } else if (event instanceof LiveEvent.Joined j) {
            node = typed("joined");
            node.put("room", j.room().value());
            ArrayNode online = node.putArray("online");
            for (Username user : j.online()) {
                online.add(user.value());
            }
            node.put("recovered", j.recovered());
        } else if (event instanceof LiveEvent.PresenceUpdate p) {
            node = typed("presence");
            node.put("room", p.room().value());
            node.put("user", p.user().value());
            node.put("state", p.online() ? "online" : "offline");
        } else if (event instanceof LiveEvent.TypingUpdate t) {
            node = typed("typing");
            node.put("room", t.room().value());
            node.put("user", t.user().value());
            if (t.stop()) {
                node.put("stop", true);
            }
        } else if (event instanceof LiveEvent.Gap g) {
            node = typed("gap");
            node.put("room", g.room().value());
        } else if (event instanceof LiveEvent.RoomClosed c) {
            node = typed("room_closed");
            node.put("room", c.room().value());
            if (c.renamedTo() != null) {
                node.put("renamedTo", c.renamedTo().value());
            }
        } else if (event instanceof LiveEvent.Mentioned m) {
            node = typed("mention");
            node.put("room", m.room().value());
            node.put("id", m.message().id());
            node.put("user", m.message().author().value());
            node.set("message", Json.message(m.message(), viewer));
        } else if (event instanceof LiveEvent.ReadStateChanged r) {
            node = typed("read_state");
            node.setAll(Json.readState(r.state()));
        } else if (event instanceof LiveEvent.RoomAdded added) {
            node = typed("room_added");
            node.set("room", Json.room(added.summary()));
        } else if (event instanceof LiveEvent.RoomListed listed) {
            node = typed("room_listed");
            ObjectNode room = node.putObject("room");
            room.put("name", listed.room().value());
            room.put("topic", listed.about().value());
            room.put("kind", "public");
        } else if (event instanceof LiveEvent.RoomUnlisted unlisted) {
            node = typed("room_unlisted");
            node.put("room", unlisted.room().value());
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        return Json.write(node);
    }

    /** The {@code type} of the frame {@link #event} makes of {@code event} (for the figures, without encoding it). */
    static String typeOf(LiveEvent event) {
        if (event instanceof LiveEvent.Delivered) {
            return "message";
        } else if (event instanceof LiveEvent.Changed c) {
            return changeType(c.change().kind());
        } else if (event instanceof LiveEvent.Joined) {
            return "joined";
        } else if (event instanceof LiveEvent.PresenceUpdate) {
            return "presence";
        } else if (event instanceof LiveEvent.TypingUpdate) {
            return "typing";
        } else if (event instanceof LiveEvent.Gap) {
            return "gap";
        } else if (event instanceof LiveEvent.RoomClosed) {
            return "room_closed";
        } else if (event instanceof LiveEvent.Mentioned) {
            return "mention";
        } else if (event instanceof LiveEvent.ReadStateChanged) {
            return "read_state";
        } else if (event instanceof LiveEvent.RoomAdded) {
            return "room_added";
        } else if (event instanceof LiveEvent.RoomListed) {
            return "room_listed";
        } else if (event instanceof LiveEvent.RoomUnlisted) {
            return "room_unlisted";
        }
        return "other";
    }

    private static String changeType(ChangeKind kind) {
        return switch (kind) {
            case EDITED -> "edited";
            case DELETED -> "deleted";
            case REACTED -> "reactions";
        };
    }

    /**
     * {@code edited}, {@code deleted} or {@code reactions}: what changed, the message's new {@code seq}, and (but for a
     * deletion) the message's text, edit time and reactions after it.
     */
    private static ObjectNode change(Change change, Username viewer) {
        Message m = change.message();
        ObjectNode node = typed(changeType(change.kind()));
        node.put("room", m.room().value());
        node.put("id", m.id());
        node.put("seq", change.seq());
        if (change.kind() != ChangeKind.DELETED) {
            // The whole state, whatever the kind: a replay brings a message's latest change only, which may stand for
            // changes of the other kind too (an edit, then a reaction).
            node.put("text", m.text().value());
            if (m.edited() != null) {
                node.put("edited", m.edited().toString());
            }
            node.set("reactions", Json.reactions(m.reactions(), viewer, false));
        }
        return node;
    }

    static String ack(Messages.Posted posted) {
        Message m = posted.message();
        ObjectNode node = typed("ack");
        node.put("clientId", m.clientId().value());
        node.put("room", m.room().value());
        node.put("id", m.id());
        node.put("ts", m.ts().toString());
        if (posted.duplicate()) {
            node.put("duplicate", true);
        }
        return Json.write(node);
    }

    static String history(String room, Messages.HistoryPage page, Username viewer) {
        ObjectNode node = typed("history");
        node.put("room", Json.roomName(room));
        ArrayNode messages = node.putArray("messages");
        for (Message m : page.messages()) {
            messages.add(Json.message(m, viewer));
        }
        node.put("more", page.more());
        return Json.write(node);
    }

    static String pong() {
        return Json.write(typed("pong"));
    }

    static String error(String code, String message, String ref, String room) {
        return Json.write(errorNode(code, message, ref, room));
    }

    static String error(ChatException e, String ref, String room) {
        ObjectNode node = errorNode(e.code().wire(), e.getMessage(), ref, room);
        e.retryAfter().ifPresent(d -> node.put("retryAfterMs", d.toMillis()));
        return Json.write(node);
    }

    private static ObjectNode errorNode(String code, String message, String ref, String room) {
        ObjectNode node = typed("error");
        node.put("code", code);
        node.put("message", message);
        if (ref != null) {
            node.put("ref", ref);
        }
        if (room != null) {
            node.put("room", Json.roomName(room));
        }
        return node;
    }

    private static ObjectNode typed(String type) {
        ObjectNode node = Json.object();
        node.put("type", type);
        return node;
    }
}
