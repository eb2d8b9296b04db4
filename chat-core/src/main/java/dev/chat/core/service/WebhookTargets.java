package dev.chat.core.service;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which URLs an outgoing webhook may call (SSRF): HTTPS to public addresses only, unless the server allows private
 * ones. A host is refused when any address it resolves to is loopback, private, link-local, shared (CGNAT),
 * unspecified, multicast or otherwise not routable on the internet; it is resolved again before each request.
 */
final class WebhookTargets {

    /** Resolves a host name to its addresses; {@link InetAddress#getAllByName} outside tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    static final int MAX_URL_LENGTH = 2000;

    private final boolean allowPrivate;
    private final Resolver resolver;

    WebhookTargets(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** The URL a webhook may be given, checked; {@code webhook_url_refused} with the reason. */
    URI check(String raw) {
        URI url = parse(raw);
        requireReachable(url);
        return url;
    }

    /** Checks a stored URL again before a request: null when it may be called, else why not. */
    String refusal(URI url) {
        try {
            requireReachable(url);
            return null;
        } catch (ChatException e) {
            return e.getMessage();
        }
    }

    private URI parse(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_URL_LENGTH) {
            throw refused("A webhook's URL is an https:// address of at most " + MAX_URL_LENGTH + " characters.");
        }
        URI url;
        try {
            url = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw refused("That is not a URL: " + e.getReason() + ".");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            throw refused("A webhook's URL must start with https://.");
        }
        if (url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
            throw refused("A webhook's URL names a host, without a user name or a #fragment.");
        }
        return url;
    }

    private void requireReachable(URI url) {
        if (allowPrivate) {
            return;
        }
        String host = url.getHost();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw refused("The host " + host + " cannot be resolved.");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw refused("The host " + host + " is (or resolves to) a private, loopback or link-local address,"
                        + " which this server does not call.");
            }
        }
    }

    /** Whether an address is one on the internet at large, not this machine's, its network's or a reserved one. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && (second & 0xc0) == 64) // shared address space, 100.64/10
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second & 0xfe) == 18) // benchmarking, 198.18/15
                    && first < 240; // reserved, and the broadcast address
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) { // unique local, fc00::/7
                return false;
            }
            boolean mapped = true; // ::ffff:a.b.c.d, and the deprecated ::a.b.c.d
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static ChatException refused(String why) {
        return new ChatException(ErrorCode.WEBHOOK_URL_REFUSED, why);
    }
}
