package com.example.chat;

import dev.chat.adapters.netty.ChatApi;
import dev.chat.adapters.netty.NettyChatServer;
import dev.chat.adapters.netty.ServerSettings;
import dev.chat.adapters.sqlite.SqliteStores;
import dev.chat.client.ChatClient;
import dev.chat.client.ChatListener;
import dev.chat.client.Message;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.service.ChatCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Someone else's program: a chat kept in a SQLite file and served over HTTP and WebSocket on a free loopback port,
 * and a client of its public protocol that signs up, says hello, hears it back and reads the room's history.
 */
public final class ChatWithClient {

    public static void main(String[] args) throws Exception {
        Path data = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "data"));
        // A cheap password hash keeps the run short; a real server keeps the default (600,000 PBKDF2 iterations).
        try (SqliteStores stores = SqliteStores.open(data.resolve("chat.db"));
                ChatCore core = ChatCore.builder()
                        .stores(stores)
                        .passwordHasher(new Pbkdf2PasswordHasher(1_000))
                        .build();
                NettyChatServer server = new NettyChatServer(
                                new ChatApi(
                                        core.accounts(),
                                        core.rooms(),
                                        core.members(),
                                        core.messages(),
                                        core.reads(),
                                        core.live(),
                                        core.admin(),
                                        core.tokens(),
                                        core.webhooks(),
                                        core::isReady),
                                ServerSettings.defaults().withPort(0))
                        .start()) {
            String url = "http://127.0.0.1:" + server.port();
            System.out.println("server at " + url);
            talk(url);
        }
    }

    private static void talk(String url) throws InterruptedException {
        dev.chat.client.ChatApi anonymous = new dev.chat.client.ChatApi(url);
        anonymous.register("ana", "correct horse battery");
        dev.chat.client.ChatApi.SignedIn me = anonymous.login("ana", "correct horse battery");
        dev.chat.client.ChatApi api = anonymous.withToken(me.token());

        CountDownLatch back = new CountDownLatch(1);
        ChatListener listener = new ChatListener() {
            @Override
            public void joined(String room, List<String> online) {
                System.out.println("joined " + room + ", online: " + online);
            }

            @Override
            public void message(Message m, boolean earlier) {
                System.out.println("live #" + m.id() + " " + m.user() + ": " + m.text());
                if (m.user().equals(me.username())) {
                    back.countDown();
                }
            }
        };
        try (ChatClient client = new ChatClient(api, me.username(), listener)) {
            client.open();
            client.follow("general", 10);
            client.send("general", "Hello from another project!");
            if (!back.await(10, TimeUnit.SECONDS)) {
                System.out.println("no answer within 10 s");
            }
        }
        for (Message m : api.history("general", null, 50).messages()) {
            System.out.println("history #" + m.id() + " " + m.user() + ": " + m.text());
        }
    }
}
