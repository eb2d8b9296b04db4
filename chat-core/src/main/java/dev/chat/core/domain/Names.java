package dev.chat.core.domain;

/** The shared shape of user and room names: lowercase ASCII letters, digits, '_' and '-'. */
final class Names {

    private Names() {}

    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    static boolean hasNameShape(String value, int min, int max) {
        if (value == null || value.length() < min || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isNameChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Lower-cases ASCII letters only, so that "Ana" and "ana" are one name and nothing else is changed. */
    static String foldCase(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }
}
