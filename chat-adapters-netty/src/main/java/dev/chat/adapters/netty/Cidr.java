package dev.chat.adapters.netty;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A range of IP addresses written as {@code 10.0.0.0/8} or {@code fd00::/8}, or one address. Only literal
 * addresses are read: a host name is never looked up.
 */
public record Cidr(byte[] network, int prefixLength) {

    /** The range {@code text} names, or empty when it is not one. */
    public static Optional<Cidr> parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        byte[] address = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? value : value.substring(0, slash));
        if (address == null) {
            return Optional.empty();
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (bits < 0 || bits > address.length * 8) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(address, bits));
    }

    /** The address {@code text} names, if it is a literal IP address. */
    static Optional<InetAddress> address(String text) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text.strip());
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (bytes[whole] & mask) == (network[whole] & mask);
    }
}
