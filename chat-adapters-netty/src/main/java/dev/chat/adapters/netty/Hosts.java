package dev.chat.adapters.netty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.NetUtil;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The host names the server answers to, against DNS rebinding: a page of {@code evil.example} whose name is
 * made to resolve to this server's address would otherwise be same-origin with it. IP addresses and
 * {@code localhost} are always answered (a rebinding attack needs a name); any other name only when it is
 * listed, or is the public URL's. A request without {@code Host} (HTTP/1.0) is answered.
 */
final class Hosts {

    private final Set<String> allowed = new HashSet<>();
    private final boolean any;

    Hosts(List<String> allowedHosts, Optional<URI> publicUrl) {
        allowedHosts.forEach(h -> allowed.add(h.strip().toLowerCase(Locale.ROOT)));
        publicUrl.map(URI::getHost).ifPresent(h -> allowed.add(h.toLowerCase(Locale.ROOT)));
        this.any = allowed.contains("*");
    }

    boolean allows(HttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (any || host == null) {
            return true;
        }
        String name = name(host.strip().toLowerCase(Locale.ROOT));
        return name.equals("localhost")
                || name.endsWith(".localhost")
                || NetUtil.isValidIpV4Address(name)
                || NetUtil.isValidIpV6Address(name)
                || allowed.contains(name);
    }

    /** The host without its port ({@code [::1]:8080} is {@code ::1}). */
    static String name(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 || host.indexOf(':') != colon ? host : host.substring(0, colon);
    }
}
