package com.example.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.adapters.sqlite.SqliteStores;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Messages;
import dev.chat.core.service.ChatCore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core embedded on SQLite by docs/embedding.md's steps, with a listener far slower than a post. */
class EmbeddedOnSqliteTest {

    @TempDir
    Path data;

    @Test
    void a_slow_listener_does_not_delay_a_post_and_the_message_outlives_the_process() throws Exception {
        CountDownLatch posted = new CountDownLatch(1);
        CompletableFuture<LiveEvent.Delivered> heard = new CompletableFuture<>();
        Live.Listener slow = new Live.Listener() {
            @Override
            public void onEvent(LiveEvent event) {
                if (event instanceof LiveEvent.Delivered delivered) {
                    try {
                        // Returns only once the post has: a post that waited for it would never return.
                        posted.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    heard.complete(delivered);
                }
            }

            @Override
            public void onClosed(Live.Ending ending) {}
        };
        try (SqliteStores stores = SqliteStores.open(data.resolve("chat.db"));
                ChatCore chat = ChatCore.builder()
                        .stores(stores)
                        .passwordHasher(new Pbkdf2PasswordHasher(1_000))
                        .build()) {
            chat.accounts().register(Username.of("ana"), new Password("correct horse battery"));
            Principal ana =
                    chat.accounts().login("ana", "correct horse battery").principal();
            try (Live.Connection connection = chat.live().connect(ana, slow)) {
                connection.join(RoomName.of("general"), null);
                CompletableFuture<Messages.Posted> post = CompletableFuture.supplyAsync(() -> connection.send(
                        RoomName.of("general"),
                        MessageText.of("stored before anyone listened"),
                        new ClientId("ana-1")));
                assertThat(post.get(5, TimeUnit.SECONDS).message().id()).isEqualTo(1);
                posted.countDown();
                assertThat(heard.get(5, TimeUnit.SECONDS).message().id()).isEqualTo(1);
            }
        }
        try (SqliteStores stores = SqliteStores.open(data.resolve("chat.db"));
                ChatCore chat = ChatCore.builder()
                        .stores(stores)
                        .passwordHasher(new Pbkdf2PasswordHasher(1_000))
                        .build()) {
            Principal ana =
                    chat.accounts().login("ana", "correct horse battery").principal();
            List<Message> history = chat.messages()
                    .history(ana, RoomName.of("general"), null, new PageSize(10))
                    .messages();
            assertThat(history).extracting(m -> m.text().toString()).containsExactly("stored before anyone listened");
        }
    }
}
