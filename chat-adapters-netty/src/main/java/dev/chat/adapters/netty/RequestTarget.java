package dev.chat.adapters.netty;

import dev.chat.core.domain.PageSize;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Reads a request target: its path and query, and the numbers and texts in them; what cannot be read is a {@link BadRequest}. */
final class RequestTarget {

    private RequestTarget() {}

    /**
     * The request's path and query, decoded up front: a malformed percent-escape is a bad request here, not an
     * exception on the event loop or a 500 on the worker pool.
     */
    static QueryStringDecoder parse(String uri) {
        QueryStringDecoder target = new QueryStringDecoder(uri);
        try {
            target.path();
            target.parameters();
        } catch (IllegalArgumentException e) {
            throw new BadRequest("The request could not be parsed.");
        }
        if (!escapesAreUtf8(uri)) {
            throw new BadRequest("The request could not be parsed.");
        }
        return target;
    }

    /**
     * Whether each run of percent-escapes is UTF-8, as the decoder reads it. The decoder puts U+FFFD for bytes that
     * are not, without a word: {@code %E0%A4} and {@code %FF} would both name "\uFFFD", and the answer would depend
     * on the route (a 401, a 404, "A message id is a whole number.") instead of saying the request is unreadable.
     */
    private static boolean escapesAreUtf8(String uri) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        int i = uri.indexOf('%');
        while (i >= 0) {
            ByteArrayOutputStream run = new ByteArrayOutputStream();
            for (; i < uri.length() && uri.charAt(i) == '%'; i += 3) {
                if (i + 2 >= uri.length()
                        || !HexFormat.isHexDigit(uri.charAt(i + 1))
                        || !HexFormat.isHexDigit(uri.charAt(i + 2))) {
                    return false;
                }
                run.write(HexFormat.fromHexDigits(uri, i + 1, i + 3));
            }
            try {
                utf8.decode(ByteBuffer.wrap(run.toByteArray()));
            } catch (CharacterCodingException e) {
                return false;
            }
            i = uri.indexOf('%', i);
        }
        return true;
    }

    /** The {@code {id}} of a message path. */
    static long messageId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadRequest("A message id is a whole number.");
        }
    }

    /** A query parameter that must be a whole number, or null when absent or empty. */
    static Long wholeNumber(QueryStringDecoder uri, String name) {
        String value = text(uri, name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequest("'" + name + "' must be a whole number.");
        }
    }

    /** The size of a page the client asked for with {@code limit}, or {@code byDefault} when absent or empty. */
    static PageSize pageSize(QueryStringDecoder uri, PageSize byDefault) {
        return PageSize.of(wholeNumber(uri, "limit"), byDefault);
    }

    /** A query parameter, or null when absent or empty. */
    static String text(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }
}
