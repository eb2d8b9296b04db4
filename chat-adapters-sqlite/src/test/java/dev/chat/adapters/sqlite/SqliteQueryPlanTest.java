package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listings that grow with the data read an index range in order: SQLite's own plan for each statement the
 * stores run names the index and neither scans the table nor sorts.
 */
class SqliteQueryPlanTest {

    @TempDir
    Path dir;

    private Databases databases;

    @BeforeEach
    void createTheSchema() {
        databases = new Databases(dir);
        databases.open();
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    /** What {@code EXPLAIN QUERY PLAN} says of {@code sql}, one line a step. */
    private String plan(String sql) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + databases.file());
                Statement statement = raw.createStatement();
                ResultSet steps = statement.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            List<String> details = new ArrayList<>();
            while (steps.next()) {
                details.add(steps.getString("detail"));
            }
            return String.join("\n", details);
        }
    }

    @Test
    void the_public_directory_pages_through_the_kind_index_without_stepping_over_private_rooms() throws SQLException {
        assertThat(plan(SqliteRoomStore.KIND_PAGE))
                .contains("USING INDEX rooms_by_kind (kind=? AND name>?)")
                .doesNotContain("SCAN")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void a_users_rooms_are_one_range_of_the_user_index() throws SQLException {
        assertThat(plan(SqliteMemberStore.ROOMS_OF))
                .contains("USING INDEX members_by_user (username=? AND room>?)")
                .doesNotContain("SCAN")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void a_rooms_members_are_one_range_of_the_primary_key() throws SQLException {
        assertThat(plan(SqliteMemberStore.MEMBERS))
                .contains("USING PRIMARY KEY (room=? AND username>?)")
                .doesNotContain("SCAN")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void a_room_s_next_position_is_one_step_into_each_primary_key() throws SQLException {
        assertThat(plan(RoomHeads.HEAD))
                .contains("SEARCH messages USING PRIMARY KEY (room=?)")
                .contains("SEARCH changes USING PRIMARY KEY (room=?)")
                .doesNotContain("SCAN messages")
                .doesNotContain("SCAN changes")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void what_came_after_a_position_merges_two_primary_key_ranges_without_sorting() throws SQLException {
        assertThat(plan(SqliteMessageStore.AFTER))
                .contains("MERGE (UNION ALL)")
                .contains("SEARCH m USING PRIMARY KEY (room=? AND id>?)")
                .contains("SEARCH c USING PRIMARY KEY (room=? AND seq>?)")
                .contains("SEARCH m USING PRIMARY KEY (room=? AND id=?)")
                .doesNotContain("SCAN")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void older_messages_are_one_range_of_the_primary_key_read_backwards() throws SQLException {
        assertThat(plan(SqliteMessageStore.BEFORE))
                .contains("SEARCH messages USING PRIMARY KEY (room=? AND id<?)")
                .doesNotContain("SCAN")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void counting_what_came_after_a_position_is_one_range_of_the_primary_key() throws SQLException {
        assertThat(plan(SqliteMessageStore.COUNT_AFTER))
                .contains("SEARCH messages USING PRIMARY KEY (room=? AND id>?)")
                .doesNotContain("SCAN messages")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void an_owner_s_tokens_are_one_range_of_the_owner_index() throws SQLException {
        assertThat(plan(SqliteTokenStore.LIST_OF))
                .contains("SEARCH tokens USING INDEX tokens_by_owner (owner=?)")
                .doesNotContain("SCAN");
        assertThat(plan(SqliteTokenStore.BY_OWNER_AND_ID))
                .contains("SEARCH tokens USING INDEX tokens_by_owner (owner=? AND id=?)")
                .doesNotContain("SCAN");
    }

    @Test
    void a_room_s_webhooks_are_one_range_of_the_room_index() throws SQLException {
        assertThat(plan(SqliteWebhookStore.LIST_OF))
                .contains("SEARCH webhooks USING INDEX webhooks_by_room (room=?)")
                .doesNotContain("SCAN");
        assertThat(plan(SqliteWebhookStore.DELETE_ROOM_LOGS))
                .contains("SEARCH webhooks USING COVERING INDEX webhooks_by_room (room=?)")
                .contains("SEARCH webhook_attempts USING PRIMARY KEY (webhook_id=?)")
                .doesNotContain("SCAN");
    }

    @Test
    void a_webhook_s_newest_attempts_are_one_range_of_the_primary_key_read_backwards() throws SQLException {
        assertThat(plan(SqliteWebhookStore.LOG))
                .contains("SEARCH webhook_attempts USING PRIMARY KEY (webhook_id=?)")
                .doesNotContain("SCAN")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void recording_an_attempt_and_trimming_the_log_step_into_the_primary_keys() throws SQLException {
        assertThat(plan(SqliteWebhookStore.RECORD))
                .contains("SEARCH webhooks USING PRIMARY KEY (id=?)")
                .contains("SEARCH webhook_attempts USING PRIMARY KEY (webhook_id=?)")
                .doesNotContain("SCAN")
                .doesNotContain("TEMP B-TREE");
        assertThat(plan(SqliteWebhookStore.TRIM))
                .contains("SEARCH webhook_attempts USING PRIMARY KEY (webhook_id=? AND seq<?)")
                .contains("SEARCH webhook_attempts USING PRIMARY KEY (webhook_id=?)")
                .doesNotContain("SCAN")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void a_users_newest_mentions_are_one_range_of_the_time_index() throws SQLException {
        assertThat(plan(SqliteMentionStore.RECENT))
                .contains("SEARCH mentions USING INDEX mentions_by_time (username=?)")
                .doesNotContain("SCAN")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void forgetting_old_mentions_reads_ranges_of_the_time_index_and_deletes_by_the_primary_key() throws SQLException {
        assertThat(plan(SqliteMentionStore.PRUNE))
                .contains("SEARCH mentions USING COVERING INDEX mentions_by_time (username=? AND ts<?)")
                .contains("SEARCH mentions USING COVERING INDEX mentions_by_time (username=?)")
                .contains("SEARCH mentions USING PRIMARY KEY (username=? AND room=? AND message_id=?)")
                .doesNotContain("SCAN")
                .doesNotContain("TEMP B-TREE");
    }
}
