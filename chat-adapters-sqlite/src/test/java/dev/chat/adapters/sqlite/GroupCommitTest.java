package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that queue behind a transaction are committed together: each caller still gets its own result or its
 * own failure, a failed write leaves nothing behind, and nothing is reported before it is committed.
 */
class GroupCommitTest {

    private static final int QUEUED = 12;

    @TempDir
    Path dir;

    private Databases databases;
    private SqliteDatabase db;
    /** Another node's connection to the same file: it sees only what is committed. */
    private SqliteDatabase other;

    private ExecutorService threads;

    @BeforeEach
    void open() {
        databases = new Databases(dir);
        db = databases.open();
        db.write(
                c -> {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
                    }
                    return null;
                },
                "create notes");
        other = databases.open();
        threads = Executors.newFixedThreadPool(QUEUED + 1);
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
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

    /** Holds the connection inside a write until released, while {@link #QUEUED} writes queue behind it. */
    private final CountDownLatch release = new CountDownLatch(1);

    private Future<Object> blockingWrite() throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        Future<Object> first = threads.submit(() -> db.write(
                c -> {
                    insert(c, 1000, "first");
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return "first done";
                },
                "write first"));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private static void awaitWaiting(List<Thread> callers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (callers.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
            assertThat(System.nanoTime())
                    .as("callers queued for the connection")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** The write of note {@code id} on the connection. */
    @FunctionalInterface
    private interface NoteWrite {
        Object on(Connection c, int id) throws SQLException;
    }

    /** Starts {@code n} writes, one thread each, and returns once all of them wait for the connection. */
    private List<Future<Object>> queueWrites(int n, NoteWrite write) throws InterruptedException {
        List<Thread> callers = new ArrayList<>();
        List<Future<Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            AtomicReference<Thread> caller = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            outcomes.add(threads.submit(() -> {
                caller.set(Thread.currentThread());
                started.countDown();
                return db.write(c -> write.on(c, id), "write note " + id);
            }));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            callers.add(caller.get());
        }
        awaitWaiting(callers);
        return outcomes;
    }

    @Test
    void writes_queued_behind_a_transaction_each_get_their_own_outcome_and_a_failed_one_leaves_nothing()
            throws Exception {
        Future<Object> first = blockingWrite();
        List<Future<Object>> outcomes = queueWrites(QUEUED, (c, id) -> {
            insert(c, id, "note " + id);
            if (id == 3) {
                throw new IllegalStateException("refused by the caller");
            }
            if (id == 7) {
                insert(c, id, "the same id again"); // a constraint violation after a first insert
            }
            return id;
        });
        assertThat(outcomes).noneMatch(Future::isDone);
        assertThat(notesSeenFromAnotherConnection()).isEmpty();

        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first done");
        for (int i = 0; i < QUEUED; i++) {
            Future<Object> outcome = outcomes.get(i);
            if (i == 3) {
                assertThat(failureOf(outcome))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("refused by the caller");
            } else if (i == 7) {
                assertThat(failureOf(outcome))
                        .isInstanceOf(SqliteStoreException.class)
                        .hasMessageContaining("Cannot write note 7");
            } else {
                assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            if (i != 3 && i != 7) {
                expected.add(i);
            }
        }
        expected.add(1000);
        assertThat(notesSeenFromAnotherConnection()).isEqualTo(expected);
    }

    @Test
    void a_failed_commit_fails_every_write_of_its_group_and_keeps_none() throws Exception {
        db.read(
                c -> {
                    try (Statement s = c.createStatement()) {
                        // A deferred key is checked at COMMIT, not at each statement: a group in which one write
                        // leaves an orphan cannot commit.
                        s.executeUpdate("PRAGMA foreign_keys = ON");
                        s.executeUpdate("CREATE TABLE replies (id INTEGER PRIMARY KEY, note INTEGER NOT NULL "
                                + "REFERENCES notes (id) DEFERRABLE INITIALLY DEFERRED)");
                    }
                    return null;
                },
                "create replies");
        Future<Object> first = blockingWrite();
        List<Future<Object>> outcomes = queueWrites(4, (c, id) -> {
            insert(c, id, "note " + id);
            if (id == 2) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO replies (id, note) VALUES (1, 999)");
                }
            }
            return id;
        });
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first done");
        for (Future<Object> outcome : outcomes) {
            assertThat(failureOf(outcome))
                    .isInstanceOf(SqliteStoreException.class)
                    .hasMessageContaining("FOREIGN KEY");
        }
        assertThat(notesSeenFromAnotherConnection()).containsExactly(1000);

        int inserted = db.write(c -> insert(c, 50, "after"), "write after");
        assertThat(inserted).isEqualTo(1);
        assertThat(notesSeenFromAnotherConnection()).containsExactly(50, 1000);
    }

    private static Throwable failureOf(Future<Object> outcome) throws InterruptedException {
        try {
            outcome.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within 10 s", e);
        }
        throw new AssertionError("the write succeeded");
    }
}
