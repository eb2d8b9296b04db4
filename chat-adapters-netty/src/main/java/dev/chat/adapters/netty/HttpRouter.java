package dev.chat.adapters.netty;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
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

    private FullHttpResponse staticFile(HttpCall call) {
        return files.find(call.path)
                .map(asset -> {
                    FullHttpResponse response;
                    if (asset.etag().equals(call.ifNoneMatch)) {
                        response = HttpResponses.bytes(HttpResponseStatus.NOT_MODIFIED, new byte[0], null);
                    } else if (call.method.equals(HttpMethod.HEAD)) {
                        response = HttpResponses.bytes(HttpResponseStatus.OK, new byte[0], asset.contentType());
                        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, asset.body().length);
                    } else {
                        response = HttpResponses.bytes(HttpResponseStatus.OK, asset.body(), asset.contentType());
                    }
                    response.headers().set(HttpHeaderNames.ETAG, asset.etag());
                    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
                    response.headers().set("Content-Security-Policy", CSP);
                    return response;
                })
                .orElseGet(() -> HttpResponses.error(HttpResponseStatus.NOT_FOUND, "not_found", "Not found."));
    }
}
