package dev.chat.adapters.netty;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A route table: a method and a path pattern, in which a {@code {name}} segment matches any one non-empty
 * segment (percent-decoded), lead to a handler. Tells a path it does not know from a known path asked with
 * the wrong method.
 */
final class Routes<H> {

    private final List<Route<H>> routes = new ArrayList<>();

    private record Route<H>(HttpMethod method, String[] segments, H handler) {}

    /** What a request path found: a handler and the path's parameters, or why there is none. */
    record Lookup<H>(H handler, Map<String, String> params, boolean pathKnown) {}

    Routes<H> add(HttpMethod method, String pattern, H handler) {
        routes.add(new Route<>(method, pattern.substring(1).split("/", -1), handler));
        return this;
    }

    /** Every route as {@code "GET /api/rooms/{room}/messages"}, in the order they were added. */
    List<String> routes() {
        return routes.stream()
                .map(r -> r.method + " /" + String.join("/", r.segments))
                .toList();
    }

    Lookup<H> find(HttpMethod method, String path) {
        String[] segments = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] {""};
        boolean pathKnown = false;
        for (Route<H> route : routes) {
            Map<String, String> params = match(route.segments, segments);
            if (params == null) {
                continue;
            }
            if (route.method.equals(method)) {
                return new Lookup<>(route.handler, params, true);
            }
            pathKnown = true;
        }
        return new Lookup<>(null, Map.of(), pathKnown);
    }

    private static Map<String, String> match(String[] pattern, String[] segments) {
        if (pattern.length != segments.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), QueryStringDecoder.decodeComponent(segments[i]));
            } else if (!p.equals(segments[i])) {
                return null;
            }
        }
        return params;
    }
}
