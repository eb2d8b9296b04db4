package dev.chat.core.service;

import dev.chat.core.domain.Message;
import dev.chat.core.domain.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;

/** What an outgoing webhook's receiver is sent about one message: a small JSON object, written here (no library). */
final class WebhookBody {

    private WebhookBody() {}

    /** The JSON body of one try: what the protocol's "Webhooks" section lists. */
    static byte[] of(Webhook webhook, Message message, int attempt) {
        StringBuilder json = new StringBuilder(128 + message.text().value().length());
        json.append("{\"webhook\":");
        quote(json, webhook.id());
        json.append(",\"room\":");
        quote(json, message.room().value());
        json.append(",\"id\":").append(message.id()).append(",\"user\":");
        quote(json, message.author().value());
        json.append(",\"text\":");
        quote(json, message.text().value());
        json.append(",\"ts\":");
        quote(json, message.ts().truncatedTo(ChronoUnit.MILLIS).toString());
        json.append(",\"attempt\":").append(attempt).append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void quote(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
