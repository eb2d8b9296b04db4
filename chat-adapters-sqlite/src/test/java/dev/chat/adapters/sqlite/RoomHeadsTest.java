package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore.Appended;
import dev.chat.core.port.out.MessageStore.NewMessage;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A room's head is kept in memory between appends ({@link RoomHeads}): what a rolled-back write made must not stay
 * kept, or the next message would leave a gap in the room's positions. (Another node's appends in between are the
 * message store contract's: {@code a_node_changes_and_answers_messages_another_node_just_wrote}.)
 */
class RoomHeadsTest {

    private static final RoomName GENERAL = RoomName.of("general");
    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    @TempDir
    Path dir;

    private Databases databases;
    private SqliteDatabase db;
    private SqliteMessageStore store;

    @BeforeEach
    void open() {
        databases = new Databases(dir);
        db = databases.open();
        store = new SqliteMessageStore(db);
        db.write(
                c -> {
                    try (Statement s = c.createStatement()) {
                        // A deferred key is checked at COMMIT: a group holding an orphan cannot commit.
                        s.executeUpdate("CREATE TABLE parents (id INTEGER PRIMARY KEY)");
                        s.executeUpdate("CREATE TABLE orphans (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL "
                                + "REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)");
                    }
                    return null;
                },
                "create the orphans' table");
        db.read(
                c -> {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("PRAGMA foreign_keys = ON");
                    }
                    return null;
                },
                "check foreign keys");
    }

    @AfterEach
    void close() {
        databases.close();
    }

    private static NewMessage post(String clientId) {
        return new NewMessage(GENERAL, Username.of("ana"), new ClientId(clientId), MessageText.of(clientId), T0);
    }

    @Test
    void two_message_stores_on_one_database_give_a_room_consecutive_positions() {
        // An embedder may make a second store on the same database: the heads it keeps are the connection's.
        SqliteMessageStore other = new SqliteMessageStore(db);

        assertThat(store.append(post("c1")).message().id()).isEqualTo(1);
        assertThat(other.append(post("c2")).message().id()).isEqualTo(2);
        assertThat(store.append(post("c3")).message().id()).isEqualTo(3);
    }

    @Test
    void an_append_whose_transaction_is_rolled_back_leaves_its_position_to_the_next_message() throws Exception {
        assertThat(store.append(post("c1")).message().id()).isEqualTo(1);

        // The writer held inside a transaction, so that the append and an orphan queue behind it as one group.
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> held = db.writeAsync(
                c -> {
                    inside.countDown();
                    try {
                        return release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                },
                "hold the writer");
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Appended> lost = store.appendAsync(post("c2"));
        CompletableFuture<Object> orphan = db.writeAsync(
                c -> {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("INSERT INTO orphans (id, parent) VALUES (1, 999)");
                    }
                    return null;
                },
                "insert an orphan");
        release.countDown();
        held.get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> lost.get(10, TimeUnit.SECONDS)).hasMessageContaining("FOREIGN KEY");
        assertThatThrownBy(() -> orphan.get(10, TimeUnit.SECONDS)).hasMessageContaining("FOREIGN KEY");

        assertThat(store.append(post("c3")).message().id())
                .as("the next message's id")
                .isEqualTo(2);
        assertThat(store.after(GENERAL, 0, 10))
                .extracting(entry -> ((Message) entry).clientId().value())
                .containsExactly("c1", "c3");
    }
}
