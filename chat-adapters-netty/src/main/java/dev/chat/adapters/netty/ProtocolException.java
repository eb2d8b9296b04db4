package dev.chat.adapters.netty;

/** A frame that cannot be understood; answered with an {@code error} frame, the connection lives on. */
final class ProtocolException extends Exception {

    private final String code;
    private final String ref;

    ProtocolException(String code, String message, String ref) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    String code() {
        return code;
    }

    String ref() {
        return ref;
    }
}
