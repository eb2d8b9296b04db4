package dev.chat.adapters.netty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.time.Duration;

/** Where a request carries its session token: the {@code chat_session} cookie or a bearer header. */
final class Credentials {

    static final String COOKIE = "chat_session";

    private Credentials() {}

    static String token(HttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header != null) {
            for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
                if (COOKIE.equals(cookie.name())) {
                    return cookie.value();
                }
            }
        }
        return null;
    }

    /** Whether the request carries the session cookie (a browser's credentials, sent also by other sites' pages). */
    static boolean hasSessionCookie(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return false;
        }
        try {
            return ServerCookieDecoder.LAX.decode(header).stream().anyMatch(c -> COOKIE.equals(c.name()));
        } catch (RuntimeException unreadable) {
            return header.contains(COOKIE);
        }
    }

    static String sessionCookie(String token, Duration maxAge, boolean secure) {
        return cookie(token, maxAge.toSeconds(), secure);
    }

    /** A cookie that tells the browser to forget the session. */
    static String clearedCookie(boolean secure) {
        return cookie("", 0, secure);
    }

    private static String cookie(String value, long maxAgeSeconds, boolean secure) {
        DefaultCookie cookie = new DefaultCookie(COOKIE, value);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSecure(secure);
        cookie.setSameSite(CookieHeaderNames.SameSite.Lax);
        cookie.setMaxAge(maxAgeSeconds);
        return ServerCookieEncoder.STRICT.encode(cookie);
    }
}
