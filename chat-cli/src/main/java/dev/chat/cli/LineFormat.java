package dev.chat.cli;

import dev.chat.client.Message;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** How a message reads as text: {@code HH:MM name: text}, later lines of the text indented under the first. */
public final class LineFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;

    public LineFormat(ZoneId zone) {
        this.zone = zone;
    }

    /** {@code HH:mm} for today, with the date in front for older messages. */
    public String time(Instant ts) {
        ZonedDateTime at = ts.atZone(zone);
        return at.toLocalDate().equals(LocalDate.now(zone)) ? TIME.format(at) : DAY_AND_TIME.format(at);
    }

    /** One message, neutralised, in as many lines as its text has. */
    public String plain(Message m) {
        String prefix = time(m.ts()) + " " + Text.neutraliseLine(m.user()) + ": ";
        return prefix + indent(Text.neutralise(m.text()), prefix.length());
    }

    /** Lines after the first start under the first line's text. */
    public static String indent(String text, int width) {
        return text.replace("\n", "\n" + " ".repeat(width));
    }
}
