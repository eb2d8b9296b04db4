package dev.chat.adapters.netty;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of the HTTP API, the resource {@value #RESOURCE} (the
 * one copy in the repository; tests check every exchange against it), served as it is, to anyone.
 */
final class OpenApiDocument {

    static final String RESOURCE = "openapi.json";

    private static final byte[] BODY = read();

    private OpenApiDocument() {}

    static FullHttpResponse response() {
        return HttpResponses.bytes(HttpResponseStatus.OK, BODY.clone(), "application/json; charset=utf-8");
    }

    private static byte[] read() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
