package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.port.out.WebhookStore;
import dev.chat.testkit.WebhookStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWebhookStoreTest extends WebhookStoreContract {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    @TempDir
    Path dir;

    private Databases databases;

    @Override
    protected WebhookStore newStore() {
        databases = new Databases(dir);
        return new SqliteWebhookStore(databases.open());
    }

    /** Another connection to the same file, as a second node sharing the store would have. */
    @Override
    protected WebhookStore anotherNode(WebhookStore store) {
        return new SqliteWebhookStore(databases.open());
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    @Test
    void the_file_keeps_no_more_attempts_than_the_log_shows() throws SQLException {
        WebhookStore store = new SqliteWebhookStore(databases.open());
        store.save(new Webhook(
                "a1a1a1a1a1a1",
                new RoomName("ops"),
                Webhook.Kind.INCOMING,
                new Username("deploy-bot"),
                new Username("ana"),
                T0,
                "sha",
                null,
                null,
                null,
                0));

        for (int i = 0; i < WebhookStore.LOG_SIZE * 2 + 3; i++) {
            store.record("a1a1a1a1a1a1", new WebhookAttempt(T0, i, 1, 200, null, 1));
        }

        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + databases.file());
                Statement statement = raw.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*), min(seq), max(seq) FROM webhook_attempts")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(WebhookStore.LOG_SIZE);
            assertThat(rows.getLong(3) - rows.getLong(2)).isEqualTo(WebhookStore.LOG_SIZE - 1);
            assertThat(rows.getLong(3)).as("seq counts up").isEqualTo(WebhookStore.LOG_SIZE * 2 + 3);
        }
    }
}
