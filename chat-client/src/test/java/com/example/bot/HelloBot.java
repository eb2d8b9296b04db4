package com.example.bot;

import dev.chat.client.ChatApi;
import dev.chat.client.ChatClient;
import dev.chat.client.ChatListener;
import dev.chat.client.Message;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Signs in, follows a room, says hello, waits until its message is back, and reads the room's history. */
public final class HelloBot {

    public static void main(String[] args) throws InterruptedException {
        // java com.example.bot.HelloBot http://localhost:8080 ana 'correct horse'
        run(args[0], args[1], args[2], System.out);
    }

    public static void run(String server, String user, String password, PrintStream out) throws InterruptedException {
        ChatApi anonymous = new ChatApi(server);
        ChatApi.SignedIn me = anonymous.login(user, password);
        ChatApi api = anonymous.withToken(me.token());

        // The client calls the listener on a thread of its own, one event at a time, in order.
        CountDownLatch back = new CountDownLatch(1);
        ChatListener listener = new ChatListener() {
            @Override
            public void joined(String room, List<String> online) {
                out.println("joined " + room + ", online: " + online);
            }

            @Override
            public void sent(String room, String clientId, long id, Instant ts) {
                out.println("stored as #" + id);
            }

            @Override
            public void message(Message m, boolean earlier) {
                out.println((earlier ? "earlier #" : "live #") + m.id() + " " + m.user() + ": " + m.text());
                if (m.user().equals(me.username())) {
                    back.countDown();
                }
            }

            @Override
            public void ended(Ending ending) {
                out.println("the session ended: " + ending);
            }
        };

        try (ChatClient client = new ChatClient(api, me.username(), listener)) {
            client.open(); // throws a ClientException if the server cannot be reached or refuses the session
            client.follow("general", 10); // the newest 10 messages first, then every new one
            client.send("general", "Hello from the JVM!"); // resent after a reconnect until stored, once
            if (!back.await(10, TimeUnit.SECONDS)) {
                out.println("no answer within 10 s");
            }
        }

        ChatApi.HistoryPage page = api.history("general", null, 50);
        for (Message m : page.messages()) {
            out.println("history #" + m.id() + " " + m.user() + ": " + m.text());
        }
    }
}
