package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Session;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore.NewMessage;
import dev.chat.testkit.Race;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written at schema version 2 (rooms without a kind, no members) opened by this server. */
class SqliteKindsAndMembersMigrationTest {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final long MS = T0.toEpochMilli();
    private static final RoomName GENERAL = new RoomName("general");
    private static final RoomName RANDOM = new RoomName("random");
    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");

    /** What a version-2 server left: an operator's account with a room, a banned one, a tombstone. */
    private static final List<String> VERSION_2_DATA = List.of(
            "INSERT INTO accounts VALUES ('ana', 'hash-of-ana', " + MS + ", 0, 1, NULL, NULL, 1)",
            "INSERT INTO accounts VALUES ('bob', 'hash-of-bob', " + MS + ", 1, 0, NULL, NULL, 0)",
            "INSERT INTO sessions VALUES ('ana-1', 'ana', 0, " + MS + ", " + MS + ")",
            "INSERT INTO rooms VALUES ('general', 'Say hello', '', " + MS + ")",
            "INSERT INTO rooms VALUES ('random', '', 'ana', " + MS + ")",
            "INSERT INTO messages VALUES ('general', 1, 'ana', 'c1', 'one', " + MS + ", 0)",
            "INSERT INTO messages VALUES ('general', 2, 'bob', 'b1', '', " + (MS + 1_000) + ", 1)",
            "INSERT INTO messages VALUES ('random', 1, 'ana', 'r1', 'hi', " + (MS + 2_000) + ", 0)");

    @TempDir
    Path dir;

    private Databases databases;

    @BeforeEach
    void writeAVersion2File() throws SQLException {
        databases = new Databases(dir);
        OldSchemas.write(databases.file(), OldSchemas.VERSION_2, VERSION_2_DATA);
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    @Test
    void every_room_of_an_old_file_is_public_and_listed_with_its_messages_and_accounts() {
        SqliteDatabase db = databases.open();

        SqliteRoomStore rooms = new SqliteRoomStore(db);
        assertThat(rooms.page(null, 10))
                .containsExactly(
                        new Room(GENERAL, Topic.of("Say hello"), "", T0, RoomKind.PUBLIC),
                        new Room(RANDOM, Topic.NONE, "ana", T0, RoomKind.PUBLIC));
        assertThat(rooms.find(RANDOM).map(Room::kind)).contains(RoomKind.PUBLIC);
        SqliteMessageStore messages = new SqliteMessageStore(db);
        assertThat(messages.after(GENERAL, 0, 10))
                .containsExactly(new Message(GENERAL, 1, ANA, MessageText.of("one"), T0, new ClientId("c1")));
        assertThat(messages.append(new NewMessage(GENERAL, BOB, new ClientId("b1"), MessageText.of("two"), T0))
                        .deleted())
                .as("the tombstone still holds its clientId")
                .isTrue();
        assertThat(messages.latestPosition(RANDOM)).isEqualTo(1);
        SqliteAccountStore accounts = new SqliteAccountStore(db);
        assertThat(accounts.list())
                .containsExactly(
                        new Account(ANA, "hash-of-ana", T0, false, true),
                        new Account(BOB, "hash-of-bob", T0, true, false));
        assertThat(accounts.addRoomCreated(ANA, 1))
                .as("ana's one room still counts")
                .isFalse();
        assertThat(new SqliteSessionStore(db).find("ana-1")).contains(new Session("ana-1", ANA, false, T0, T0));
    }

    @Test
    void a_migrated_file_keeps_members_and_private_rooms_beside_its_public_ones() {
        SqliteDatabase db = databases.open();
        SqliteMemberStore members = new SqliteMemberStore(db);
        Member owner = new Member(RANDOM, ANA, Role.OWNER, T0);

        assertThat(members.add(owner)).isTrue();
        assertThat(members.add(new Member(GENERAL, ANA, Role.MEMBER, T0))).isTrue();
        assertThat(members.add(owner)).isFalse();
        assertThat(new SqliteRoomStore(db)
                        .create(new Room(new RoomName("secret"), Topic.NONE, "ana", T0, RoomKind.PRIVATE)))
                .isTrue();

        SqliteDatabase otherNode = databases.open();
        assertThat(new SqliteMemberStore(otherNode).roomsOf(ANA, null, 10))
                .extracting(Member::room)
                .containsExactly(GENERAL, RANDOM);
        assertThat(new SqliteMemberStore(otherNode).find(RANDOM, ANA)).contains(owner);
        assertThat(new SqliteRoomStore(otherNode).page(null, 10))
                .extracting(Room::name)
                .containsExactly(GENERAL, RANDOM);
    }

    @Test
    void the_members_table_and_both_new_indexes_are_created_and_the_version_is_current() throws SQLException {
        databases.open();

        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + databases.file());
                Statement statement = raw.createStatement()) {
            List<String> objects = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT type || ' ' || name FROM sqlite_master"
                    + " WHERE name IN ('members', 'members_by_user', 'rooms_by_kind') ORDER BY name")) {
                while (rows.next()) {
                    objects.add(rows.getString(1));
                }
            }
            assertThat(objects).containsExactly("table members", "index members_by_user", "index rooms_by_kind");
            try (ResultSet version = statement.executeQuery("PRAGMA user_version")) {
                assertThat(version.next()).isTrue();
                assertThat(version.getInt(1)).isEqualTo(SqliteSchema.VERSION).isGreaterThanOrEqualTo(3);
            }
        }
    }

    @Test
    void two_nodes_opening_a_version_2_file_at_once_add_the_kind_once() {
        List<SqliteDatabase> opened = Race.run(2, racer -> databases.open());

        assertThat(opened).allSatisfy(db -> assertThat(db.isReady()).isTrue());
        assertThat(new SqliteRoomStore(opened.get(0)).page(null, 10)).hasSize(2);
        assertThat(new SqliteMemberStore(opened.get(1)).add(new Member(GENERAL, BOB, Role.MEMBER, T0)))
                .isTrue();
    }
}
