package dev.chat.adapters.netty;

/** A request the API cannot read; answered with {@code 400 bad_request} and its message. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message, null, false, false);
    }
}
