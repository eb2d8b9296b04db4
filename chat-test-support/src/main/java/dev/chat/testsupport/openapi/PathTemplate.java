package dev.chat.testsupport.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/** A path of the description ({@code /api/rooms/{room}}): a {@code {name}} segment matches one non-empty segment. */
final class PathTemplate {

    private final String path;
    private final JsonNode item;
    private final String[] segments;

    /** A request path this template matched: its parameters, percent-decoded, and how many segments were literal. */
    record Match(PathTemplate template, Map<String, String> params, int literals) {}

    PathTemplate(String path, JsonNode item) {
        this.path = path;
        this.item = item;
        this.segments = path.substring(1).split("/", -1);
    }

    /** The path as the description writes it. */
    String path() {
        return path;
    }

    /** The description's Path Item: its operations by method, and the parameters they share. */
    JsonNode item() {
        return item;
    }

    Match match(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return null;
        }
        String[] given = rawPath.substring(1).split("/", -1);
        if (given.length != segments.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        int literals = 0;
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.startsWith("{") && s.endsWith("}")) {
                if (given[i].isEmpty()) {
                    return null;
                }
                params.put(s.substring(1, s.length() - 1), OpenApiContract.decode(given[i]));
            } else if (s.equals(given[i])) {
                literals++;
            } else {
                return null;
            }
        }
        return new Match(this, params, literals);
    }
}
