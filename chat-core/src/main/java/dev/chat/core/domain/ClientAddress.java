package dev.chat.core.domain;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Where a request came from, as the server could best tell (behind a trusted proxy, the client the proxy
 * names). Per-address limits count by {@link #limitKey()}: an IPv4 address, or the /64 network of an IPv6
 * address, since one IPv6 host usually holds a whole /64 and could otherwise rotate through it.
 * {@link #UNKNOWN} is for callers inside the process (an embedding program, a test): no per-address limit
 * applies to it.
 */
public record ClientAddress(String value) {

    /** A caller that is not a network client. */
    public static final ClientAddress UNKNOWN = new ClientAddress("unknown");

    public ClientAddress {
        Objects.requireNonNull(value, "value");
    }

    public static ClientAddress of(InetAddress address) {
        return new ClientAddress(address.getHostAddress());
    }

    public boolean isKnown() {
        return !equals(UNKNOWN);
    }

    /** What per-address limits count by. */
    public String limitKey() {
        if (!value.contains(":")) {
            return value;
        }
        try {
            byte[] bytes = InetAddress.getByName(value).getAddress();
            if (bytes.length != 16) {
                return value;
            }
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                        .append(':');
            }
            return network.append(":/64").toString();
        } catch (java.net.UnknownHostException e) {
            return value;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
