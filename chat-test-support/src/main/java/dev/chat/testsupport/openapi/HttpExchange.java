package dev.chat.testsupport.openapi;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request and its answer, as a test saw them: what {@link OpenApiContract} checks. A body is null when it
 * could not be captured (a response body a test reads as a stream), and then it is not checked.
 */
public record HttpExchange(
        String method,
        URI uri,
        Map<String, List<String>> requestHeaders,
        String requestBody,
        int status,
        Map<String, List<String>> responseHeaders,
        String responseBody) {

    /** The first value of a request header, by its name in any case. */
    public Optional<String> requestHeader(String name) {
        return first(requestHeaders, name);
    }

    /** The first value of a response header, by its name in any case. */
    public Optional<String> responseHeader(String name) {
        return first(responseHeaders, name);
    }

    /** {@code POST /api/login → 200}: how a problem names the exchange. */
    @Override
    public String toString() {
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return method.toUpperCase(Locale.ROOT) + " " + uri.getRawPath() + query + " → " + status;
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return Optional.of(header.getValue().get(0));
            }
        }
        return Optional.empty();
    }
}
