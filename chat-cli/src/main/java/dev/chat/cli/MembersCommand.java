package dev.chat.cli;

import dev.chat.client.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chat members ROOM [add USER | remove USER | role USER ROLE]}: a room's members and their roles. */
@Command(
        name = "members",
        mixinStandardHelpOptions = true,
        customSynopsis = {
            "chat members [-hV] [--json] [--server=URL] ROOM",
            "       chat members [-hV] [--server=URL] ROOM add USER",
            "       chat members [-hV] [--server=URL] ROOM remove USER",
            "       chat members [-hV] [--server=URL] ROOM role USER owner|moderator|member"
        },
        description = {
            "List a room's members with their roles, or change them.",
            "  add USER          make USER a member of a private room (owners and moderators)",
            "  remove USER       take USER out of the room: their open chats of it close at once (owners and "
                    + "moderators of a private room; anyone may remove themselves, which is leaving)",
            "  role USER ROLE    make USER an owner, moderator or member (owners hand ownership on and stay "
                    + "moderators; moderators make members moderators and back)",
            "A direct conversation's people cannot be changed. A room you may not see is refused as one that does "
                    + "not exist."
        })
public final class MembersCommand extends ServerCommand {

    /** The actions after ROOM, for completion and the usage check. */
    static final class Actions extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Actions() {
            super(List.of("add", "remove", "role"));
        }
    }

    static final List<String> ROLES = List.of("owner", "moderator", "member");

    @Parameters(index = "0", paramLabel = "ROOM", description = "The room.")
    String room;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "ACTION",
            completionCandidates = Actions.class,
            description = "add, remove or role; without it, the list.")
    String action;

    @Parameters(index = "2..*", paramLabel = "USER", description = "The user (and for role, the role).")
    List<String> operands = new ArrayList<>();

    @Option(
            names = "--json",
            description =
                    "With the list: print {\"room\", \"members\": [{\"username\", \"role\", " + "\"since\"}]} as JSON.")
    boolean json;

    @Override
    protected int run() {
        String name = roomName(room);
        if (action == null) {
            return list(name);
        }
        Api api = session().api();
        switch (action) {
            case "add" -> {
                Member added = api.call(c -> c.addMember(name, user(1)));
                out().println("Added " + Text.neutraliseLine(added.username()) + " to " + name + " as "
                        + Text.neutraliseLine(added.role()) + ".");
            }
            case "remove" -> {
                String user = user(1);
                api.call(c -> {
                    c.removeMember(name, user);
                    return null;
                });
                out().println("Removed " + Text.neutraliseLine(user) + " from " + name + ".");
            }
            case "role" -> {
                String user = user(2);
                String role = operands.get(1).toLowerCase(Locale.ROOT);
                if (!ROLES.contains(role)) {
                    throw CliException.usage("the role is one of " + String.join(", ", ROLES) + ", not '"
                            + Text.neutraliseLine(operands.get(1)) + "'");
                }
                Member changed = api.call(c -> c.setRole(name, user, role));
                out().println(Text.neutraliseLine(changed.username()) + " is now " + Text.neutraliseLine(changed.role())
                        + " of " + name + ".");
            }
            default ->
                throw CliException.usage("unknown action '" + Text.neutraliseLine(action)
                        + "': add, remove or role (see 'chat members --help')");
        }
        return 0;
    }

    private int list(String name) {
        if (!operands.isEmpty()) {
            throw CliException.usage("unexpected '" + Text.neutraliseLine(operands.get(0)) + "'");
        }
        List<Member> members = session().api().call(c -> c.members(name));
        if (json) {
            var doc = Api.JSON.createObjectNode().put("room", name);
            var array = doc.putArray("members");
            members.forEach(m -> array.addObject()
                    .put("username", m.username())
                    .put("role", m.role())
                    .put("since", m.since().toString()));
            out().println(JsonOutput.line(doc));
            return 0;
        }
        Table table = new Table("USER", "ROLE", "SINCE");
        members.forEach(m -> table.row(m.username(), m.role(), m.since().toString()));
        out().print(table);
        return 0;
    }

    /** The user named after the action, which takes {@code count} operands. */
    private String user(int count) {
        if (operands.size() != count) {
            throw CliException.usage(
                    action + " takes " + (count == 1 ? "USER" : "USER ROLE") + " (see 'chat members " + "--help')");
        }
        return operands.get(0).toLowerCase(Locale.ROOT);
    }
}
