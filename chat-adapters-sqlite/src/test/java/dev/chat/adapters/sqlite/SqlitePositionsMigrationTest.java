package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore.Appended;
import dev.chat.core.port.out.MessageStore.NewMessage;
import dev.chat.testkit.Race;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written at schema version 3 (messages without positions of changes, edits or reactions) opened by this one. */
class SqlitePositionsMigrationTest {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final long MS = T0.toEpochMilli();
    private static final RoomName GENERAL = new RoomName("general");
    private static final RoomName RANDOM = new RoomName("random");
    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");
    private static final Emoji THUMBS_UP = new Emoji("👍");

    /** What a version-3 server left: three messages in general, the second deleted, and one in random. */
    private static final List<String> VERSION_3_DATA = List.of(
            "INSERT INTO rooms VALUES ('general', 'Say hello', 'ana', " + MS + ", 'public')",
            "INSERT INTO messages VALUES ('general', 1, 'ana', 'c1', 'one', " + MS + ", 0)",
            "INSERT INTO messages VALUES ('general', 2, 'bob', 'b1', '', " + (MS + 1_000) + ", 1)",
            "INSERT INTO messages VALUES ('general', 3, 'ana', 'c2', 'three', " + (MS + 2_000) + ", 0)",
            "INSERT INTO messages VALUES ('random', 1, 'bob', 'r1', 'elsewhere', " + (MS + 3_000) + ", 0)");

    @TempDir
    Path dir;

    private Databases databases;

    @BeforeEach
    void writeAVersion3File() throws SQLException {
        databases = new Databases(dir);
        OldSchemas.write(databases.file(), OldSchemas.VERSION_3, VERSION_3_DATA);
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    private static Message message(long id, Username author, String clientId, String text, Instant ts) {
        return new Message(GENERAL, id, author, MessageText.of(text), ts, new ClientId(clientId));
    }

    @Test
    void every_old_message_keeps_its_id_as_its_position_unchanged_and_without_reactions() {
        SqliteMessageStore messages = new SqliteMessageStore(databases.open());

        Message one = message(1, ANA, "c1", "one", T0);
        Message three = message(3, ANA, "c2", "three", T0.plusSeconds(2));
        assertThat(messages.after(GENERAL, 0, 10)).containsExactly(one, three);
        assertThat(messages.message(GENERAL, 3)).contains(three);
        assertThat(three.seq()).isEqualTo(3);
        assertThat(three.edited()).isNull();
        assertThat(three.replyTo()).isNull();
        assertThat(three.reactions().isEmpty()).isTrue();
        assertThat(messages.before(GENERAL, Long.MAX_VALUE, 10)).containsExactly(three, one);
        assertThat(messages.latestPosition(GENERAL)).isEqualTo(3);
        assertThat(messages.latestPosition(RANDOM)).isEqualTo(1);
        assertThat(messages.message(GENERAL, 2)).as("the old tombstone").isEmpty();
    }

    @Test
    void changes_to_old_messages_take_positions_after_them_and_new_messages_after_those() {
        SqliteMessageStore messages = new SqliteMessageStore(databases.open());

        Change edit = messages.change(
                        GENERAL, 1, ChangeKind.EDITED, m -> m.withText(MessageText.of("one, fixed"), T0.plusSeconds(9)))
                .orElseThrow()
                .change()
                .orElseThrow();
        Change reaction = messages.change(
                        GENERAL,
                        3,
                        ChangeKind.REACTED,
                        m -> m.withReactions(m.reactions().add(THUMBS_UP, BOB)))
                .orElseThrow()
                .change()
                .orElseThrow();
        Message next = messages.append(new NewMessage(GENERAL, BOB, new ClientId("b2"), MessageText.of("six"), T0, 3L))
                .message();

        assertThat(edit.seq()).isEqualTo(4);
        assertThat(reaction.seq()).isEqualTo(5);
        assertThat(next.id()).isEqualTo(6);
        assertThat(next.ts()).as("not before the newest old message").isEqualTo(T0.plusSeconds(2));
        SqliteMessageStore otherNode = new SqliteMessageStore(databases.open());
        assertThat(otherNode.after(GENERAL, 3, 10)).containsExactly(edit, reaction, next);
        assertThat(otherNode.latestPosition(GENERAL)).isEqualTo(6);
        assertThat(otherNode.change(GENERAL, 2, ChangeKind.EDITED, m -> m))
                .as("the old tombstone takes no change")
                .isEmpty();
        Appended resent = otherNode.append(new NewMessage(GENERAL, BOB, new ClientId("b1"), MessageText.of("two"), T0));
        assertThat(resent.deleted())
                .as("the old tombstone still holds its clientId")
                .isTrue();
        assertThat(otherNode.delete(GENERAL, 3)).isPresent();
        assertThat(otherNode.latestPosition(GENERAL)).isEqualTo(7);
        assertThat(otherNode.after(RANDOM, 0, 10)).extracting(e -> e.position()).containsExactly(1L);
    }

    @Test
    void the_migration_numbers_every_row_at_its_id_and_adds_the_changes_table() throws SQLException {
        databases.open();

        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + databases.file());
                Statement statement = raw.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*), SUM(seq = id), COUNT(edited),"
                    + " COUNT(reply_to), COUNT(reactions) FROM messages")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(4);
                assertThat(rows.getInt(2)).as("rows at seq = id").isEqualTo(4);
                assertThat(rows.getInt(3) + rows.getInt(4) + rows.getInt(5))
                        .as("edit times, replies, reactions")
                        .isZero();
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM changes")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isZero();
            }
            try (ResultSet version = statement.executeQuery("PRAGMA user_version")) {
                assertThat(version.next()).isTrue();
                assertThat(version.getInt(1)).isEqualTo(SqliteSchema.VERSION).isGreaterThanOrEqualTo(4);
            }
        }
    }

    @Test
    void two_nodes_opening_a_version_3_file_at_once_migrate_it_once() {
        List<SqliteDatabase> opened = Race.run(2, racer -> databases.open());

        assertThat(opened).allSatisfy(db -> assertThat(db.isReady()).isTrue());
        new SqliteMessageStore(opened.get(0))
                .change(GENERAL, 1, ChangeKind.EDITED, m -> m.withText(MessageText.of("one, fixed"), T0));
        assertThat(new SqliteMessageStore(opened.get(1)).message(GENERAL, 1))
                .map(Message::seq)
                .contains(4L);
    }
}
