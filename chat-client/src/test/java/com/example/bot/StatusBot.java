package com.example.bot;

import dev.chat.client.ChatApi;
import dev.chat.client.ChatClient;
import dev.chat.client.ChatListener;
import dev.chat.client.Message;

/** Answers "!status" in a room, signed in with an access token: a bot's whole program. */
public final class StatusBot implements ChatListener {

    public static void main(String[] args) throws InterruptedException {
        // CHAT_TOKEN=chat_… java com.example.bot.StatusBot http://localhost:8080 ops
        ChatClient bot = start(args[0], System.getenv("CHAT_TOKEN"), args[1]);
        Runtime.getRuntime().addShutdownHook(new Thread(bot::close));
        Thread.currentThread().join(); // answers until the process is stopped
    }

    public static ChatClient start(String server, String token, String room) {
        ChatApi api = new ChatApi(server).withToken(token);
        StatusBot bot = new StatusBot();
        bot.client = new ChatClient(api, api.get("/api/me").path("username").asText(), bot);
        bot.client.open();
        bot.client.follow(room, 0); // nothing from before: only what is said from now on
        return bot.client;
    }

    private ChatClient client;

    @Override
    public void message(Message m, boolean earlier) {
        if (!earlier && m.text().strip().equals("!status")) {
            client.reply(m.room(), m.id(), "@" + m.user() + " all systems go");
        }
    }
}
