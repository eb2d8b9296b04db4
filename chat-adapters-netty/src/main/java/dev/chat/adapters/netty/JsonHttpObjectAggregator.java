package dev.chat.adapters.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Collects request bodies up to a limit, and refuses a larger one with the API's JSON error, not an empty 413. */
final class JsonHttpObjectAggregator extends HttpObjectAggregator {

    private final int maxBytes;

    JsonHttpObjectAggregator(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        LingeringClose.send(
                ctx.channel(),
                HttpResponses.error(
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "too_large",
                        "The request body is larger than " + maxBytes / 1024 + " KiB."));
    }
}
