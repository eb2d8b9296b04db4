package dev.chat.core.domain;

/**
 * The sender's own id for one message, 1–64 printable ASCII characters: a resend with the same id is
 * recognised and stored only once.
 */
public record ClientId(String value) {

    public static final int MAX_LENGTH = 64;

    public ClientId {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !printableAscii(value)) {
            throw new ChatException(ErrorCode.INVALID_CLIENT_ID, "clientId is 1 to 64 printable ASCII characters.");
        }
    }

    private static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
