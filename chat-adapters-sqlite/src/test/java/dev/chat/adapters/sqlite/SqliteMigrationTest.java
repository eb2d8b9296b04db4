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
import dev.chat.core.port.out.MessageStore.Appended;
import dev.chat.core.port.out.MessageStore.NewMessage;
import dev.chat.testkit.Race;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written by the first release (no schema version, no bans, no deletions) opened by this one. */
class SqliteMigrationTest {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final RoomName GENERAL = new RoomName("general");
    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");

    /** Some data, as the first release left it in its file. */
    private static final List<String> FIRST_RELEASE_DATA = List.of(
            "INSERT INTO accounts VALUES ('ana', 'hash-of-ana', " + T0.toEpochMilli() + ")",
            "INSERT INTO accounts VALUES ('bob', 'hash-of-bob', " + T0.toEpochMilli() + ")",
            "INSERT INTO sessions VALUES ('bob-1', 'bob', 0, " + T0.toEpochMilli() + ", " + T0.toEpochMilli() + ")",
            "INSERT INTO sessions VALUES ('ana-1', 'ana', 0, " + T0.toEpochMilli() + ", " + T0.toEpochMilli() + ")",
            "INSERT INTO rooms VALUES ('general', 'Say hello', 'ana', " + T0.toEpochMilli() + ")",
            "INSERT INTO messages VALUES ('general', 1, 'ana', 'c1', 'one', " + T0.toEpochMilli() + ")",
            "INSERT INTO messages VALUES ('general', 2, 'bob', 'b1', 'two', "
                    + T0.plusSeconds(1).toEpochMilli() + ")",
            "INSERT INTO messages VALUES ('general', 3, 'ana', 'c2', 'three', "
                    + T0.plusSeconds(2).toEpochMilli() + ")");

    @TempDir
    Path dir;

    private Databases databases;

    @BeforeEach
    void writeAFirstReleaseFile() throws SQLException {
        databases = new Databases(dir);
        OldSchemas.write(databases.file(), OldSchemas.FIRST_RELEASE, FIRST_RELEASE_DATA);
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    private static Message message(long id, Username author, String clientId, String text, Instant ts) {
        return new Message(GENERAL, id, author, MessageText.of(text), ts, new ClientId(clientId));
    }

    @Test
    void what_the_first_release_stored_is_all_still_there() {
        SqliteDatabase db = databases.open();

        assertThat(new SqliteAccountStore(db).list())
                .containsExactly(new Account(ANA, "hash-of-ana", T0), new Account(BOB, "hash-of-bob", T0));
        assertThat(new SqliteSessionStore(db).find("bob-1")).contains(new Session("bob-1", BOB, false, T0, T0));
        assertThat(new SqliteRoomStore(db).page(null, 10))
                .containsExactly(new Room(GENERAL, Topic.of("Say hello"), "ana", T0));
        SqliteMessageStore messages = new SqliteMessageStore(db);
        assertThat(messages.after(GENERAL, 0, 10))
                .containsExactly(
                        message(1, ANA, "c1", "one", T0),
                        message(2, BOB, "b1", "two", T0.plusSeconds(1)),
                        message(3, ANA, "c2", "three", T0.plusSeconds(2)));
        assertThat(messages.find(GENERAL, BOB, new ClientId("b1"))).isPresent();
    }

    @Test
    void an_old_file_takes_bans_deletions_and_renames_once_opened() {
        SqliteDatabase db = databases.open();
        SqliteMessageStore messages = new SqliteMessageStore(db);

        assertThat(new SqliteAccountStore(db).setBanned(BOB, true)).isTrue();
        assertThat(new SqliteSessionStore(db).deleteAllOf(BOB)).containsExactly("bob-1");
        assertThat(messages.delete(GENERAL, 2)).contains(message(2, BOB, "b1", "two", T0.plusSeconds(1)));
        assertThat(new SqliteRoomStore(db).rename(GENERAL, new RoomName("lobby")))
                .isTrue();
        messages.moveRoom(GENERAL, new RoomName("lobby"));

        SqliteDatabase otherNode = databases.open();
        assertThat(new SqliteAccountStore(otherNode).find(BOB).map(Account::banned))
                .contains(true);
        assertThat(new SqliteSessionStore(otherNode).find("ana-1")).isPresent();
        SqliteMessageStore lobby = new SqliteMessageStore(otherNode);
        assertThat(lobby.after(new RoomName("lobby"), 0, 10))
                .extracting(Entry::position)
                .containsExactly(1L, 3L);
        Appended resent = lobby.append(new NewMessage(
                new RoomName("lobby"), BOB, new ClientId("b1"), MessageText.of("two"), T0.plusSeconds(5)));
        assertThat(resent.deleted()).isTrue();
        assertThat(resent.message().id()).isEqualTo(2);
        assertThat(lobby.latestPosition(new RoomName("lobby")))
                .as("the deletion's position")
                .isEqualTo(4);
    }

    @Test
    void an_old_file_takes_operator_accounts_password_resets_room_counts_and_purges_once_opened() {
        SqliteDatabase db = databases.open();
        SqliteAccountStore accounts = new SqliteAccountStore(db);

        assertThat(accounts.setByOperator(ANA)).isTrue();
        assertThat(accounts.setPasswordReset(BOB, "reset-hash", T0.plusSeconds(60)))
                .isTrue();
        assertThat(accounts.resetPassword(BOB, "reset-hash", T0, "new-hash-of-bob"))
                .isTrue();
        assertThat(accounts.addRoomCreated(ANA, 1)).isTrue();
        assertThat(accounts.addRoomCreated(ANA, 1)).isFalse();
        assertThat(new SqliteSessionStore(db).purgeIdle(T0.plusSeconds(1), 10)).isEqualTo(2);

        SqliteAccountStore otherNode = new SqliteAccountStore(databases.open());
        assertThat(otherNode.find(ANA).map(Account::byOperator)).contains(true);
        assertThat(otherNode.find(BOB).map(Account::passwordHash)).contains("new-hash-of-bob");
        assertThat(otherNode.find(BOB).map(Account::byOperator)).contains(false);
    }

    @Test
    void two_nodes_opening_an_old_file_at_once_migrate_it_once() {
        List<SqliteDatabase> opened = Race.run(2, racer -> databases.open());

        assertThat(opened).allSatisfy(db -> assertThat(db.isReady()).isTrue());
        assertThat(new SqliteAccountStore(opened.get(1)).setBanned(ANA, true)).isTrue();
        assertThat(new SqliteAccountStore(opened.get(0)).find(ANA).map(Account::banned))
                .contains(true);
    }

    @Test
    void reopening_a_migrated_file_migrates_nothing_again() {
        databases.open();
        databases.close();

        SqliteDatabase reopened = databases.open();

        assertThat(reopened.isReady()).isTrue();
        assertThat(new SqliteMessageStore(reopened).latestPosition(GENERAL)).isEqualTo(3);
    }

    @Test
    void a_file_from_a_newer_server_is_refused_with_a_readable_error() throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + databases.file());
                Statement statement = raw.createStatement()) {
            statement.execute("PRAGMA user_version = " + (SqliteSchema.VERSION + 1));
        }

        assertThatThrownBy(databases::open)
                .isInstanceOf(SqliteStoreException.class)
                .hasMessageContaining("newer")
                .hasMessageContaining(databases.file().toString());
    }
}
