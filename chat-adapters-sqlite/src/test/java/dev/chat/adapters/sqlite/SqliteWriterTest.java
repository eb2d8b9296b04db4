package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore.Appended;
import dev.chat.core.port.out.MessageStore.NewMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * The database's one writer: what waits is committed together, each caller still gets its own outcome and only
 * after the commit, and a write asked for on the writer's own thread is made there instead of waiting for itself.
 */
class SqliteWriterTest {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    @TempDir
    Path dir;

    private Databases databases;
    private SqliteDatabase db;
    /** Another node's connection to the same file: it sees only what is committed. */
    private SqliteDatabase other;
    /** Transactions SQLite committed on {@link #db}'s connection, as its commit hook reports them. */
    private final AtomicInteger commits = new AtomicInteger();

    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void open() {
        databases = new Databases(dir);
        db = databases.open();
        db.write(
                c -> {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
                        // A deferred key is checked at COMMIT, not at each statement: a group in which one write
                        // leaves an orphan cannot commit.
                        s.executeUpdate("CREATE TABLE replies (id INTEGER PRIMARY KEY, note INTEGER NOT NULL "
                                + "REFERENCES notes (id) DEFERRABLE INITIALLY DEFERRED)");
                    }
                    return null;
                },
                "create notes");
        db.read(
                c -> {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("PRAGMA foreign_keys = ON");
                    }
                    c.unwrap(SQLiteConnection.class).addCommitListener(new SQLiteCommitListener() {
                        @Override
                        public void onCommit() {
                            commits.incrementAndGet();
                        }

                        @Override
                        public void onRollback() {}
                    });
                    return null;
                },
                "count commits");
        other = databases.open();
    }

    @AfterEach
    void close() {
        release.countDown();
        databases.close();
    }

    private static int insert(Connection c, int id, String text) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO notes (id, text) VALUES (?, ?)")) {
            s.setInt(1, id);
            s.setString(2, text);
            return s.executeUpdate();
        }
    }

    private List<Integer> notesSeenFromAnotherConnection() {
        return other.read(
                c -> {
                    List<Integer> ids = new ArrayList<>();
                    try (Statement s = c.createStatement();
                            ResultSet rows = s.executeQuery("SELECT id FROM notes ORDER BY id")) {
                        while (rows.next()) {
                            ids.add(rows.getInt(1));
                        }
                    }
                    return ids;
                },
                "read notes");
    }

    /** Keeps the writer inside a transaction until {@link #release}, so that what is asked for meanwhile waits. */
    private CompletableFuture<Object> holdTheWriter() throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<Object> held = db.writeAsync(
                c -> {
                    insert(c, 1000, "held");
                    inside.countDown();
                    await(release);
                    return "held";
                },
                "hold the writer");
        assertThat(inside.await(10, TimeUnit.SECONDS))
                .as("the writer took the first write")
                .isTrue();
        return held;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released within 10 s");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void many_appends_asked_for_at_once_take_far_fewer_commits_and_each_caller_gets_its_own_message() throws Exception {
        SqliteMessageStore store = new SqliteMessageStore(db);
        int rooms = 4;
        int perRoom = 250;
        CompletableFuture<Object> held = holdTheWriter();
        List<List<CompletableFuture<Appended>>> byRoom = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            List<CompletableFuture<Appended>> mine = Collections.synchronizedList(new ArrayList<>());
            byRoom.add(mine);
            RoomName room = new RoomName("room-" + r);
            Thread caller = new Thread(() -> {
                for (int i = 1; i <= perRoom; i++) {
                    mine.add(store.appendAsync(new NewMessage(
                            room, new Username("ana"), new ClientId("c" + i), MessageText.of("m" + i), T0)));
                }
            });
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join(10_000);
        }
        int before = commits.get();

        release.countDown();

        held.get(10, TimeUnit.SECONDS);
        for (int r = 0; r < rooms; r++) {
            List<Message> answered = new ArrayList<>();
            for (CompletableFuture<Appended> answer : byRoom.get(r)) {
                Appended appended = answer.get(10, TimeUnit.SECONDS);
                assertThat(appended.duplicate()).isFalse();
                answered.add(appended.message());
            }
            assertThat(answered)
                    .extracting(m -> m.text().value())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, perRoom)
                            .mapToObj(i -> "m" + i)
                            .toList());
            assertThat(answered)
                    .extracting(Message::id)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, perRoom).boxed().toList());
            assertThat(new SqliteMessageStore(other).after(new RoomName("room-" + r), 0, perRoom + 1))
                    .containsExactlyElementsOf(answered);
        }
        int committed = commits.get() - before;
        // 1,000 writes and the held one, at most 256 to a transaction: 5 commits; one a write would be 1,001.
        assertThat(committed).as("commits for %d writes", rooms * perRoom + 1).isBetween(1, 10);
    }

    @Test
    void a_write_that_fails_among_others_fails_alone_and_the_others_are_committed() throws Exception {
        CompletableFuture<Object> held = holdTheWriter();
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int id = i;
            answers.add(db.writeAsync(
                    c -> {
                        insert(c, id, "note " + id);
                        if (id == 5) {
                            insert(c, id, "the same id again"); // a constraint violation after a first insert
                        }
                        return id;
                    },
                    "write note " + id));
        }

        release.countDown();

        held.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 8; i++) {
            if (i == 5) {
                assertThat(failureOf(answers.get(i)))
                        .isInstanceOf(SqliteStoreException.class)
                        .hasMessageContaining("Cannot write note 5");
            } else {
                assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
        }
        assertThat(notesSeenFromAnotherConnection()).containsExactly(0, 1, 2, 3, 4, 6, 7, 1000);
    }

    @Test
    void no_write_is_acknowledged_before_its_transaction_commits_and_a_failed_commit_acknowledges_none()
            throws Exception {
        CompletableFuture<Object> held = holdTheWriter();
        CountDownLatch lastInside = new CountDownLatch(1);
        CountDownLatch commitNow = new CountDownLatch(1);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int id = i;
            answers.add(db.writeAsync(
                    c -> {
                        insert(c, id, "note " + id);
                        if (id == 5) {
                            // An orphan: the group's commit fails on it.
                            try (Statement s = c.createStatement()) {
                                s.executeUpdate("INSERT INTO replies (id, note) VALUES (1, 999)");
                            }
                            lastInside.countDown();
                            await(commitNow);
                        }
                        return id;
                    },
                    "write note " + id));
        }
        release.countDown();
        held.get(10, TimeUnit.SECONDS);
        assertThat(lastInside.await(10, TimeUnit.SECONDS))
                .as("the group's last write ran")
                .isTrue();

        assertThat(answers).as("answered before the commit").noneMatch(CompletableFuture::isDone);
        assertThat(notesSeenFromAnotherConnection()).containsExactly(1000);

        commitNow.countDown();

        for (CompletableFuture<Integer> answer : answers) {
            assertThat(failureOf(answer))
                    .isInstanceOf(SqliteStoreException.class)
                    .hasMessageContaining("FOREIGN KEY");
        }
        assertThat(notesSeenFromAnotherConnection()).containsExactly(1000);
        int inserted = db.write(c -> insert(c, 50, "after"), "write after");
        assertThat(inserted).isEqualTo(1);
        assertThat(notesSeenFromAnotherConnection()).containsExactly(50, 1000);
    }

    @Test
    void a_synchronous_write_asked_for_on_the_writer_s_own_thread_is_made_there_and_does_not_wait_for_itself()
            throws Exception {
        CompletableFuture<Object> held = holdTheWriter();
        // Attached while the writer holds the first write: it runs on the writer's thread when that one completes.
        CompletableFuture<Integer> fromCallback =
                held.thenApply(result -> db.write(c -> insert(c, 1, "from a callback"), "write from a callback"));
        release.countDown();

        assertThat(fromCallback.get(10, TimeUnit.SECONDS)).isEqualTo(1);

        AtomicReference<String> writerThread = new AtomicReference<>();
        int nested = db.write(
                c -> {
                    writerThread.set(Thread.currentThread().getName());
                    insert(c, 2, "outer");
                    return db.write(c2 -> insert(c2, 3, "inner"), "write from inside a write");
                },
                "write outer");
        int fromRead = db.read(c -> db.write(c2 -> insert(c2, 4, "from a read"), "write from a read"), "read");

        assertThat(writerThread.get()).startsWith("sqlite-writer");
        assertThat(nested).isEqualTo(1);
        assertThat(fromRead).isEqualTo(1);
        assertThat(notesSeenFromAnotherConnection()).containsExactly(1, 2, 3, 4, 1000);
    }

    @Test
    void closing_answers_every_write_still_waiting_and_fails_later_ones_readably() throws Exception {
        AtomicReference<Thread> writer = new AtomicReference<>();
        db.write(
                c -> {
                    writer.set(Thread.currentThread());
                    return null;
                },
                "find the writer");
        CompletableFuture<Object> held = holdTheWriter();
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            waiting.add(db.writeAsync(
                    c -> {
                        insert(c, id, "note " + id);
                        return id;
                    },
                    "write note " + id));
        }
        Thread closer = new Thread(db::close);
        closer.start();

        release.countDown();
        closer.join(20_000);

        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("held");
        for (int i = 0; i < waiting.size(); i++) {
            // Committed if the writer got the connection before the close did, else failed: never left waiting.
            String outcome = waiting.get(i)
                    .handle((id, failure) -> failure == null ? "note " + id : failure.getMessage())
                    .get(10, TimeUnit.SECONDS);
            assertThat(outcome)
                    .matches("note " + i + "|Cannot write note " + i + ": the SQLite database .* is closed\\.");
        }
        assertThat(failureOf(db.writeAsync(c -> insert(c, 9, "late"), "write late")))
                .isInstanceOf(SqliteStoreException.class)
                .hasMessageContaining("closed")
                .hasMessageContaining(databases.file().toString());
        assertThat(writer.get().isAlive()).as("the writer ended").isFalse();
    }

    private static Throwable failureOf(CompletableFuture<?> answer) throws InterruptedException {
        try {
            answer.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within 10 s", e);
        }
        throw new AssertionError("the write succeeded");
    }
}
