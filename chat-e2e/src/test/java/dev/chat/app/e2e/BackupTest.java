package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of the embedded store as an operator makes them: {@code backup} run beside a server that is being
 * written to, {@code restore} refused while the server runs and, once it is stopped, bringing it back with the
 * backed-up history.
 */
class BackupTest {

    @TempDir
    Path data;

    @TempDir
    Path work;

    private NodeProcess node;
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        if (node != null) {
            node.close();
        }
    }

    @Test
    void a_backup_made_while_messages_are_posted_holds_every_acknowledged_one_and_restore_brings_it_back()
            throws Exception {
        List<String> options = List.of("--data-dir", data.toString(), "--rate-limit", "0");
        node = NodeProcess.startAll(1, work, options).get(0);
        Api api = new Api(node.port());
        WsClient ana = WsClient.connect(node.port(), api.signUp("ana", "ana-password"));
        clients.add(ana);
        ana.join("general");

        // One writer posts without a pause; every ack is noted with the time it came.
        ConcurrentSkipListMap<Long, Long> ackedAt = new ConcurrentSkipListMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; writing.get(); i++) {
                ana.send("type", "send", "room", "general", "text", "message " + i, "clientId", "c-" + i);
                JsonNode ack = ana.awaitType("ack");
                ackedAt.put(ack.get("id").asLong(), System.nanoTime());
            }
        });
        awaitAcks(ackedAt, 50);

        long backupBegan = System.nanoTime();
        Path copy = work.resolve("chat-backup.db");
        NodeProcess.Ran backup = NodeProcess.command("backup", "--to", copy.toString(), "--data-dir", data.toString());
        int ackedWhileBackingUp = ackedAt.size();
        awaitAcks(ackedAt, ackedWhileBackingUp + 20);
        writing.set(false);
        writer.get(30, TimeUnit.SECONDS);

        assertThat(backup.exit()).as(backup.output()).isZero();
        assertThat(backup.output()).contains("Backed up").contains(copy.toString());
        Set<Long> beforeBackup = new TreeSet<>();
        ackedAt.forEach((id, at) -> {
            if (at < backupBegan) {
                beforeBackup.add(id);
            }
        });
        Set<Long> inCopy = ids(copy);
        assertThat(beforeBackup).hasSizeGreaterThanOrEqualTo(50);
        assertThat(inCopy)
                .as("every message acknowledged before the backup began is in the copy")
                .containsAll(beforeBackup)
                .as("and nothing that was never acknowledged")
                .isSubsetOf(ackedAt.keySet());
        assertThat(ackedAt.size())
                .as("messages were acknowledged after the copy was taken")
                .isGreaterThan(inCopy.size());

        NodeProcess.Ran refused =
                NodeProcess.command("restore", "--from", copy.toString(), "--data-dir", data.toString());
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("in use").contains("stop it first");
        assertThat(history(api)).as("a refused restore changes nothing").isEqualTo(ackedAt.keySet());

        ana.close();
        node.stop();
        NodeProcess.Ran restored =
                NodeProcess.command("restore", "--from", copy.toString(), "--data-dir", data.toString());
        assertThat(restored.exit()).as(restored.output()).isZero();
        assertThat(restored.output()).contains("Restored").contains("kept as");
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("the database the restore replaced is kept")
                    .anyMatch(name -> name.startsWith("chat.db.before-restore-"));
        }
        node.restart();
        assertThat(history(new Api(node.port())))
                .as("the restored server has the backed-up history, and only it")
                .isEqualTo(inCopy);
    }

    private static void awaitAcks(ConcurrentSkipListMap<Long, Long> acked, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acked.size() < count) {
            assertThat(System.nanoTime()).as("%d acks within a minute", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The ids of general's messages, every page of its history, as a new reader pages back through it. */
    private static Set<Long> history(Api api) {
        String token = api.signUp("reader" + System.nanoTime() % 100_000, "reader-password");
        Set<Long> ids = new TreeSet<>();
        Long before = null;
        while (true) {
            JsonNode page = api.get(
                            "/api/rooms/general/messages?limit=100" + (before == null ? "" : "&before=" + before),
                            token)
                    .body()
                    .get("messages");
            if (page.isEmpty()) {
                return ids;
            }
            for (JsonNode m : page) {
                ids.add(m.get("id").asLong());
                before = before == null
                        ? m.get("id").asLong()
                        : Math.min(before, m.get("id").asLong());
            }
        }
    }

    private static Set<Long> ids(Path database) throws Exception {
        Set<Long> ids = new TreeSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT id FROM messages WHERE room = 'general'")) {
            while (r.next()) {
                ids.add(r.getLong(1));
            }
        }
        return ids;
    }
}
