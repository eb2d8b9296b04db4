package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Entry;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Session;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.MessageStore.Appended;
import dev.chat.core.port.out.MessageStore.NewMessage;
import dev.chat.testkit.Race;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final RoomName GENERAL = new RoomName("general");
    private static final RoomName RANDOM = new RoomName("random");
    private static final Username ANA = new Username("ana");

    @TempDir
    Path dir;

    private Databases databases;

    @BeforeEach
    void prepare() {
        databases = new Databases(dir);
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    private static NewMessage post(RoomName room, Username author, String clientId, String text) {
        return new NewMessage(room, author, new ClientId(clientId), MessageText.of(text), T0);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void schema_is_created_on_first_start() throws SQLException {
        assertThat(databases.file()).doesNotExist();

        databases.open();

        assertThat(databases.file()).isRegularFile();
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + databases.file());
                Statement statement = raw.createStatement()) {
            List<String> objects = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")) {
                while (rows.next()) {
                    objects.add(rows.getString(1));
                }
            }
            assertThat(objects)
                    .containsExactly(
                            "table accounts",
                            "table changes",
                            "table members",
                            "index members_by_user",
                            "table mentions",
                            "index mentions_by_time",
                            "table messages",
                            "index messages_by_client_id",
                            "table rooms",
                            "index rooms_by_kind",
                            "table sessions",
                            "index sessions_by_last_seen",
                            "index sessions_by_user",
                            "table tokens",
                            "index tokens_by_owner",
                            "table webhook_attempts",
                            "table webhooks",
                            "index webhooks_by_room");
            try (ResultSet version = statement.executeQuery("PRAGMA user_version")) {
                assertThat(version.next()).isTrue();
                assertThat(version.getInt(1)).isEqualTo(SqliteSchema.VERSION);
            }
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
                assertThat(mode.next()).isTrue();
                assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
    }

    @Test
    void opening_an_existing_file_keeps_what_it_holds() {
        SqliteDatabase first = databases.open();
        new SqliteRoomStore(first).create(new Room(GENERAL, Topic.of("Say hello"), "", T0));
        new SqliteAccountStore(first).create(new Account(ANA, "hash-of-ana", T0));
        new SqliteSessionStore(first).save(new Session("token-hash", ANA, false, T0, T0.plusSeconds(1)));
        databases.close();

        SqliteDatabase reopened = databases.open();

        assertThat(new SqliteRoomStore(reopened).page(null, 10))
                .containsExactly(new Room(GENERAL, Topic.of("Say hello"), "", T0));
        assertThat(new SqliteAccountStore(reopened).find(ANA)).contains(new Account(ANA, "hash-of-ana", T0));
        assertThat(new SqliteSessionStore(reopened).find("token-hash"))
                .contains(new Session("token-hash", ANA, false, T0, T0.plusSeconds(1)));
    }

    @Test
    void messages_survive_reopening_the_file() {
        MessageStore before = new SqliteMessageStore(databases.open());
        before.append(post(GENERAL, ANA, "c1", "one"));
        before.append(post(GENERAL, ANA, "c2", "two"));
        before.append(post(RANDOM, ANA, "c1", "elsewhere"));
        List<Entry> history = before.after(GENERAL, 0, 10);
        databases.close();

        MessageStore after = new SqliteMessageStore(databases.open());

        assertThat(after.after(GENERAL, 0, 10)).isEqualTo(history).hasSize(2);
        assertThat(after.latestPosition(GENERAL)).isEqualTo(2);
        assertThat(after.append(post(GENERAL, ANA, "c1", "one, resent")))
                .isEqualTo(new Appended((Message) history.get(0), true));
        assertThat(after.append(post(GENERAL, ANA, "c3", "three")).message().id())
                .isEqualTo(3);
        assertThat(after.latestPosition(RANDOM)).isEqualTo(1);
    }

    @Test
    void a_message_is_committed_before_append_returns() {
        MessageStore writer = new SqliteMessageStore(databases.open());
        MessageStore otherNode = new SqliteMessageStore(databases.open());

        Message stored = writer.append(post(GENERAL, ANA, "c1", "hello")).message();

        assertThat(otherNode.after(GENERAL, 0, 10)).containsExactly(stored);
    }

    @Test
    void two_databases_on_one_file_assign_consecutive_ids() {
        List<SqliteMessageStore> nodes =
                List.of(new SqliteMessageStore(databases.open()), new SqliteMessageStore(databases.open()));
        int threads = 6;
        int perThread = 40;

        List<List<Long>> idsByThread = Race.run(threads, racer -> {
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                Username author = new Username("user-" + racer);
                mine.add(nodes.get(racer % 2)
                        .append(post(GENERAL, author, "c" + i, "m" + i))
                        .message()
                        .id());
            }
            return mine;
        });

        int total = threads * perThread;
        assertThat(idsByThread.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(range(1, total));
        for (SqliteMessageStore node : nodes) {
            assertThat(node.after(GENERAL, 0, total + 1))
                    .extracting(Entry::position)
                    .containsExactlyElementsOf(range(1, total));
        }
    }

    @Test
    void two_nodes_starting_at_once_on_a_new_file_both_come_up() {
        List<SqliteDatabase> opened = Race.run(2, racer -> databases.open());

        assertThat(opened).allSatisfy(db -> assertThat(db.isReady()).isTrue());
        new SqliteAccountStore(opened.get(0)).create(new Account(ANA, "hash", T0));
        assertThat(new SqliteAccountStore(opened.get(1)).find(ANA)).isPresent();
    }

    @Test
    void an_open_database_is_ready_and_a_closed_one_is_not() {
        SqliteDatabase db = databases.open();
        assertThat(db.isReady()).isTrue();

        db.close();

        assertThat(db.isReady()).isFalse();
    }

    @Test
    void using_a_closed_database_fails_with_a_readable_error() {
        SqliteDatabase db = databases.open();
        SqliteMessageStore store = new SqliteMessageStore(db);
        db.close();

        assertThatThrownBy(() -> store.latestPosition(GENERAL))
                .isInstanceOf(SqliteStoreException.class)
                .hasMessageContaining("closed")
                .hasMessageContaining(databases.file().toString());
    }

    @Test
    void a_file_that_cannot_be_opened_fails_with_a_readable_error() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "not a directory");
        Path impossible = notADirectory.resolve("chat.db");

        assertThatThrownBy(() -> new SqliteDatabase(impossible))
                .isInstanceOf(SqliteStoreException.class)
                .hasMessageContaining(impossible.toString());
    }
}
