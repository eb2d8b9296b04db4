package dev.chat.adapters.netty;

/**
 * A page size as a client asked for it (HTTP {@code ?limit=}, a {@code history} frame's {@code limit}), handed to the
 * core as an {@code int}: any whole number, saturated. The core alone decides what a page may hold (1 to its most).
 */
final class PageLimit {

    private PageLimit() {}

    /** Null (the core's default) when the client gave none. */
    static Integer of(Long requested) {
        return requested == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, requested));
    }
}
