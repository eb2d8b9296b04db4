package dev.chat.cli.term;

import dev.chat.cli.Api;
import dev.chat.cli.CliException;
import dev.chat.cli.ServerCommand;
import dev.chat.cli.Text;
import dev.chat.client.ChatApi;
import dev.chat.client.RoomInfo;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** The first question of a chat started without a room: which one, by number or name. */
final class RoomPicker {

    private RoomPicker() {}

    /** Lists the rooms and asks for one by number or name; null when there are none or none is chosen. */
    static String pick(Api api, ChatRooms rooms, Screen screen, LineReader reader) {
        List<RoomInfo> list;
        try {
            list = api.call(ChatApi::roomList);
        } catch (CliException e) {
            screen.note(e.getMessage());
            return null;
        }
        if (list.isEmpty()) {
            screen.note("There are no rooms yet.");
            return null;
        }
        rooms.learn(list);
        List<String> names = new ArrayList<>();
        for (RoomInfo room : list) {
            names.add(room.name());
            String topic = room.topic();
            screen.show(new AttributedStringBuilder()
                    .append(String.format("%3d  ", names.size()))
                    .style(AttributedStyle.BOLD)
                    .append(room.isDirect() ? rooms.label(room.name()) : Text.neutraliseLine(room.name()))
                    .style(AttributedStyle.DEFAULT)
                    .append("  " + room.online() + " online")
                    .style(Screen.FAINT)
                    .append(topic.isEmpty() ? "" : "  " + Text.neutraliseLine(topic))
                    .toAttributedString());
        }
        String fallback = names.contains("general") ? "general" : names.get(0);
        while (true) {
            String answer;
            try {
                answer = reader.readLine("Room (number or name, Enter for " + fallback + "): ")
                        .strip();
            } catch (UserInterruptException | EndOfFileException e) {
                return null;
            }
            if (answer.isEmpty()) {
                return fallback;
            }
            if (answer.matches("\\d+")) {
                int i = Integer.parseInt(answer);
                if (i >= 1 && i <= names.size()) {
                    return names.get(i - 1);
                }
                screen.note("Pick a number from 1 to " + names.size() + ".");
                continue;
            }
            return ServerCommand.roomName(answer);
        }
    }
}
