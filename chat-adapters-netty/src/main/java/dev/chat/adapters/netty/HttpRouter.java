package dev.chat.adapters.netty;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.BooleanSupplier;

/**
 * Answers a request that passed the checks every request passes: an API route, the readiness check, or a static
 * file. Runs on the worker pool (or the hashing pool, for the routes that hash).
 */
final class HttpRouter {

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /** A year, the most HTTP caches honour; {@code immutable}: not even a reload asks again. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ApiRoutes.Resources resources;
    private final BooleanSupplier ready;
    private final StaticFiles files;

    HttpRouter(ApiRoutes.Resources resources, BooleanSupplier ready, StaticFiles files) {
        this.resources = resources;
        this.ready = ready;
        this.files = files;
    }

    static HttpRouter of(HttpServices services) {
        return new HttpRouter(
                ApiRoutes.Resources.of(services.api(), services.settings()),
                services.api().ready(),
                services.files());
    }

    /** The API route a request names, or null for a path outside {@code /api/}. Read on the event loop. */
    static Routes.Lookup<ApiRoutes.Route> route(HttpCall call) {
        return call.path.startsWith("/api/") ? ApiRoutes.TABLE.find(call.method, call.uri.rawPath()) : null;
    }

    FullHttpResponse answer(HttpCall call, Routes.Lookup<ApiRoutes.Route> found) {
        if (found != null) {
            if (found.handler() != null) {
                return found.handler().endpoint().answer(resources, call, found.params());
            }
            if (found.pathKnown()) {
                return HttpResponses.error(
                        HttpResponseStatus.METHOD_NOT_ALLOWED,
                        "method_not_allowed",
                        "This endpoint does not take " + call.method + ".");
            }
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "not_found", "No such API endpoint.");
        }
        if (call.path.equals("/readyz")) {
            boolean isReady = ready.getAsBoolean();
            return HttpResponses.json(
                    isReady ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    Json.object().put("status", isReady ? "ready" : "unavailable"));
        }
        if (!call.method.equals(HttpMethod.GET) && !call.method.equals(HttpMethod.HEAD)) {
            return HttpResponses.error(
                    HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Only GET is allowed here.");
        }
        return staticFile(call);
    }

    /**
     * A static file, gzipped for a client that takes gzip. Fingerprinted files (their name names their content)
     * are kept by browsers for a year without asking again; every other file is revalidated by its ETag on each
     * use, so a new deployment's {@code index.html} and modules are seen at once. Either way the response varies
     * with {@code Accept-Encoding}, so a cache never hands the gzip encoding to a client that did not ask for it.
     */
    private FullHttpResponse staticFile(HttpCall call) {
        return files.find(call.path)
                .map(asset -> {
                    StaticFiles.Variant variant = asset.choose(call.acceptsGzip);
                    FullHttpResponse response;
                    boolean unchanged = matches(call.ifNoneMatch, variant.etag());
                    if (unchanged) {
                        response = HttpResponses.bytes(HttpResponseStatus.NOT_MODIFIED, new byte[0], null);
                    } else if (call.method.equals(HttpMethod.HEAD)) {
                        response = HttpResponses.bytes(HttpResponseStatus.OK, new byte[0], asset.contentType());
                        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, variant.body().length);
                    } else {
                        response = HttpResponses.bytes(HttpResponseStatus.OK, variant.body(), asset.contentType());
                    }
                    if (variant == asset.gzip() && !unchanged) {
                        response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
                    }
                    response.headers().set(HttpHeaderNames.VARY, "Accept-Encoding");
                    response.headers().set(HttpHeaderNames.ETAG, variant.etag());
                    response.headers().set(HttpHeaderNames.CACHE_CONTROL, asset.immutable() ? IMMUTABLE : "no-cache");
                    response.headers().set("Content-Security-Policy", CSP);
                    return response;
                })
                .orElseGet(() -> HttpResponses.error(HttpResponseStatus.NOT_FOUND, "not_found", "Not found."));
    }

    /** Whether {@code If-None-Match} (one ETag, a list of them, or {@code *}) names {@code etag}. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag) || tag.equals("*")) {
                return true;
            }
        }
        return false;
    }
}
