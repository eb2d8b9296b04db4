package dev.chat.adapters.netty;

import dev.chat.core.service.ChatCore;

/** The server's view of a whole core, for the tests that run a server on one. */
final class CoreApi {

    private CoreApi() {}

    /** Every use case of {@code core}, always ready. */
    static ChatApi of(ChatCore core) {
        return new ChatApi(
                core.accounts(),
                core.rooms(),
                core.members(),
                core.messages(),
                core.reads(),
                core.live(),
                core.admin(),
                core.tokens(),
                core.webhooks(),
                core::isReady);
    }

    /** A server on {@code core}, started on a free loopback port, with the default settings otherwise. */
    static NettyChatServer serve(ChatCore core) throws InterruptedException {
        return new NettyChatServer(
                        of(core),
                        ServerSettings.defaults().withHost("127.0.0.1").withPort(0))
                .start();
    }
}
