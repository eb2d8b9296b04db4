package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Members;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/** A room's members: the list, adding one, removing one (or leaving), and changing a role. */
final class MembersApi {

    private final ChatApi api;

    MembersApi(ChatApi api) {
        this.api = api;
    }

    FullHttpResponse list(HttpCall call, String room) {
        Principal who = call.principal(api.accounts());
        String after = RequestTarget.text(call.uri, "after");
        Members.MemberPage page = api.members()
                .list(
                        who,
                        RoomName.of(room),
                        after == null ? null : Username.of(after),
                        RequestTarget.pageSize(call.uri, Members.DEFAULT_PAGE));
        ObjectNode body = Json.object();
        body.put("room", Json.roomName(room));
        ArrayNode list = body.putArray("members");
        for (Members.Listed member : page.members()) {
            list.add(memberJson(member));
        }
        body.put("more", page.more());
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    FullHttpResponse add(HttpCall call, String room) {
        Principal who = call.principal(api.accounts());
        Username user = Username.of(call.text("username"));
        Members.Listed member = api.members().add(who, RoomName.of(room), user);
        return HttpResponses.json(HttpResponseStatus.CREATED, memberJson(member));
    }

    FullHttpResponse remove(HttpCall call, String room, String user) {
        Principal who = call.principal(api.accounts());
        api.members().remove(who, RoomName.of(room), Username.of(user));
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }

    FullHttpResponse setRole(HttpCall call, String room, String user) {
        Principal who = call.principal(api.accounts());
        Username target = Username.of(user);
        Role role = Role.ofWire(call.text("role"));
        Members.Listed member = api.members().setRole(who, RoomName.of(room), target, role);
        return HttpResponses.json(HttpResponseStatus.OK, memberJson(member));
    }

    /** {@code {"username", "role", "since"}}, and {@code "bot": true} for a bot's membership (only then). */
    private static ObjectNode memberJson(Members.Listed listed) {
        Member member = listed.member();
        ObjectNode node = Json.object()
                .put("username", member.user().value())
                .put("role", member.role().wire())
                .put("since", member.since().toString());
        if (listed.bot()) {
            node.put("bot", true);
        }
        return node;
    }
}
