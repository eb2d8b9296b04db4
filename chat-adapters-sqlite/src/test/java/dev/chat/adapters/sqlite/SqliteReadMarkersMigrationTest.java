package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Member;
import dev.chat.core.domain.Mention;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
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

/** A file written at schema version 4 (members without read markers, no mentions) opened by this server. */
class SqliteReadMarkersMigrationTest {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final long MS = T0.toEpochMilli();
    private static final RoomName GENERAL = new RoomName("general");
    private static final RoomName SECRET = new RoomName("secret");
    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");

    /** What a version-4 server left: a private room with two members, and history with a change in general. */
    private static final List<String> VERSION_4_DATA = List.of(
            "INSERT INTO rooms VALUES ('general', 'Say hello', 'ana', " + MS + ", 'public')",
            "INSERT INTO rooms VALUES ('secret', '', 'ana', " + MS + ", 'private')",
            "INSERT INTO members VALUES ('secret', 'ana', 'owner', " + MS + ")",
            "INSERT INTO members VALUES ('secret', 'bob', 'member', " + (MS + 1_000) + ")",
            "INSERT INTO members VALUES ('general', 'bob', 'moderator', " + (MS + 2_000) + ")",
            "INSERT INTO messages VALUES ('general', 1, 'ana', 'c1', 'one', " + MS + ", 0, 3, " + (MS + 5_000)
                    + ", NULL, NULL)",
            "INSERT INTO messages VALUES ('general', 2, 'bob', 'b1', 'two', " + (MS + 1_000) + ", 0, 2, NULL, 1,"
                    + " NULL)",
            "INSERT INTO changes VALUES ('general', 3, 1, 'edited')");

    @TempDir
    Path dir;

    private Databases databases;

    @BeforeEach
    void writeAVersion4File() throws SQLException {
        databases = new Databases(dir);
        OldSchemas.write(databases.file(), OldSchemas.VERSION_4, VERSION_4_DATA);
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    @Test
    void every_old_member_keeps_role_and_since_and_has_read_what_there_was() {
        SqliteMemberStore members = new SqliteMemberStore(databases.open());

        Member ana = new Member(SECRET, ANA, Role.OWNER, T0, 0);
        Member bob = new Member(SECRET, BOB, Role.MEMBER, T0.plusSeconds(1), 0);
        assertThat(members.members(SECRET, null, 10)).containsExactly(ana, bob);
        assertThat(members.find(SECRET, ANA)).contains(ana);
        assertThat(members.roomsOf(BOB, null, 10))
                .containsExactly(new Member(GENERAL, BOB, Role.MODERATOR, T0.plusSeconds(2), 3), bob);
    }

    @Test
    void old_members_take_read_markers_and_users_take_mentions_once_opened() {
        SqliteDatabase db = databases.open();
        SqliteMemberStore members = new SqliteMemberStore(db);
        SqliteMessageStore messages = new SqliteMessageStore(db);

        assertThat(members.markRead(GENERAL, BOB, 3)).isTrue();
        assertThat(members.markRead(GENERAL, BOB, 1)).isTrue();
        Mention mention = new Mention(BOB, GENERAL, 1, ANA, T0);
        new SqliteMentionStore(db).add(mention);

        SqliteDatabase otherNode = databases.open();
        assertThat(new SqliteMemberStore(otherNode).find(GENERAL, BOB).map(Member::readUpTo))
                .contains(3L);
        assertThat(new SqliteMemberStore(otherNode).find(SECRET, BOB).map(Member::readUpTo))
                .contains(0L);
        assertThat(new SqliteMentionStore(otherNode).recent(BOB, 10)).containsExactly(mention);
        assertThat(messages.countAfter(GENERAL, 0, BOB, 10))
                .as("ana's edited message, not bob's own nor the edit's position")
                .isEqualTo(1);
    }

    @Test
    void the_marker_column_the_mentions_table_and_its_index_are_created_and_the_version_is_current()
            throws SQLException {
        databases.open();

        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + databases.file());
                Statement statement = raw.createStatement()) {
            List<String> objects = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT type || ' ' || name FROM sqlite_master"
                    + " WHERE name IN ('mentions', 'mentions_by_time') ORDER BY name")) {
                while (rows.next()) {
                    objects.add(rows.getString(1));
                }
            }
            assertThat(objects).containsExactly("table mentions", "index mentions_by_time");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*), SUM(read_up_to = 0) FROM members")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(3);
                assertThat(rows.getInt(2))
                        .as("members at marker 0: those of the room without messages")
                        .isEqualTo(2);
            }
            try (ResultSet version = statement.executeQuery("PRAGMA user_version")) {
                assertThat(version.next()).isTrue();
                assertThat(version.getInt(1)).isEqualTo(SqliteSchema.VERSION).isGreaterThanOrEqualTo(5);
            }
        }
    }

    @Test
    void two_nodes_opening_a_version_4_file_at_once_migrate_it_once() {
        List<SqliteDatabase> opened = Race.run(2, racer -> databases.open());

        assertThat(opened).allSatisfy(db -> assertThat(db.isReady()).isTrue());
        assertThat(new SqliteMemberStore(opened.get(0)).markRead(SECRET, ANA, 2))
                .isTrue();
        assertThat(new SqliteMemberStore(opened.get(1)).find(SECRET, ANA).map(Member::readUpTo))
                .contains(2L);
    }
}
