package dev.chat.core.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/** A webhook's public id, as lists show it and deletion names it: 12 lowercase hex characters. */
public record WebhookId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{12}");

    public WebhookId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new ChatException(ErrorCode.NO_SUCH_WEBHOOK, "There is no webhook " + safe(value) + ".");
        }
    }

    /** An id as typed (capitals folded); one that could never be a webhook's is answered as an unknown one. */
    public static WebhookId of(String raw) {
        return new WebhookId(raw == null ? null : raw.strip().toLowerCase(Locale.ROOT));
    }

    private static String safe(String raw) {
        return raw != null && raw.length() <= 12 && raw.chars().allMatch(c -> c > 32 && c < 127) ? raw : "of that id";
    }

    @Override
    public String toString() {
        return value;
    }
}
