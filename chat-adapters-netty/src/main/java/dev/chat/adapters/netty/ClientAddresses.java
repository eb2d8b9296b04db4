package dev.chat.adapters.netty;

import dev.chat.core.domain.ClientAddress;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Tells which client a request came from. The connection's peer is the client, unless it is one of the
 * trusted proxies: then {@code X-Forwarded-For} is read from its right end (what the nearest proxy added)
 * leftwards, past every trusted proxy, and the first address that is not one is the client. Entries further
 * left were written by whoever sent the request and are never believed, so a client cannot choose its own
 * address by sending the header.
 */
final class ClientAddresses {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Cidr> trusted;

    ClientAddresses(List<String> trustedProxies) {
        this.trusted =
                trustedProxies.stream().map(p -> Cidr.parse(p).orElseThrow()).toList();
    }

    ClientAddress of(Channel channel, HttpHeaders headers) {
        if (!(channel.remoteAddress() instanceof InetSocketAddress peer) || peer.getAddress() == null) {
            return ClientAddress.UNKNOWN;
        }
        InetAddress client = peer.getAddress();
        if (trusted.isEmpty() || !isTrusted(client)) {
            return ClientAddress.of(client);
        }
        List<String> forwarded = headers.getAll(FORWARDED_FOR);
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                Optional<InetAddress> hop = Cidr.address(hops[i]);
                if (hop.isEmpty()) {
                    // Not an address: the proxy next to it is the last one known.
                    return ClientAddress.of(client);
                }
                client = hop.get();
                if (!isTrusted(client)) {
                    return ClientAddress.of(client);
                }
            }
        }
        return ClientAddress.of(client);
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(range -> range.contains(address));
    }
}
