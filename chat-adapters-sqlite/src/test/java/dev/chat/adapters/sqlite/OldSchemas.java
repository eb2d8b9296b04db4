package dev.chat.adapters.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * The schemas released servers left in their files, written out verbatim rather than taken from
 * {@link SqliteSchema}, so that a migration test starts from what is on users' disks, whatever the code says now.
 */
final class OldSchemas {

    /** The first release: no schema version, no bans, no deletions. */
    static final List<String> FIRST_RELEASE = List.of(
            "PRAGMA journal_mode = WAL",
            """
            CREATE TABLE accounts (
                username      TEXT    NOT NULL PRIMARY KEY,
                password_hash TEXT    NOT NULL,
                created_at    INTEGER NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE sessions (
                token_hash TEXT    NOT NULL PRIMARY KEY,
                username   TEXT    NOT NULL,
                guest      INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                last_seen  INTEGER NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE rooms (
                name       TEXT    NOT NULL PRIMARY KEY,
                topic      TEXT    NOT NULL,
                created_by TEXT    NOT NULL,
                created_at INTEGER NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE messages (
                room      TEXT    NOT NULL,
                id        INTEGER NOT NULL,
                author    TEXT    NOT NULL,
                client_id TEXT    NOT NULL,
                text      TEXT    NOT NULL,
                ts        INTEGER NOT NULL,
                PRIMARY KEY (room, id)
            ) WITHOUT ROWID""",
            "CREATE UNIQUE INDEX messages_by_client_id ON messages (room, author, client_id)");

    /** Version 2, the last before room kinds and members: every room public, no members table. */
    static final List<String> VERSION_2 = Stream.concat(
                    FIRST_RELEASE.stream(),
                    Stream.of(
                            "ALTER TABLE accounts ADD COLUMN banned INTEGER NOT NULL DEFAULT 0",
                            "ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0",
                            "CREATE INDEX sessions_by_user ON sessions (username)",
                            "ALTER TABLE accounts ADD COLUMN by_operator INTEGER NOT NULL DEFAULT 0",
                            "ALTER TABLE accounts ADD COLUMN reset_hash TEXT",
                            "ALTER TABLE accounts ADD COLUMN reset_expires INTEGER",
                            "ALTER TABLE accounts ADD COLUMN rooms_created INTEGER NOT NULL DEFAULT 0",
                            "CREATE INDEX sessions_by_last_seen ON sessions (last_seen)",
                            "PRAGMA user_version = 2"))
            .toList();

    /** Version 3, the last before positions: room kinds and members, messages without changes or reactions. */
    static final List<String> VERSION_3 = Stream.concat(
                    VERSION_2.stream(),
                    Stream.of(
                            "ALTER TABLE rooms ADD COLUMN kind TEXT NOT NULL DEFAULT 'public'",
                            "CREATE INDEX rooms_by_kind ON rooms (kind, name)",
                            """
                            CREATE TABLE members (
                                room     TEXT    NOT NULL,
                                username TEXT    NOT NULL,
                                role     TEXT    NOT NULL,
                                since    INTEGER NOT NULL,
                                PRIMARY KEY (room, username)
                            ) WITHOUT ROWID""",
                            "CREATE INDEX members_by_user ON members (username, room)",
                            "PRAGMA user_version = 3"))
            .toList();

    /** Version 4, the last before read markers and mentions: positions of changes, members without a marker. */
    static final List<String> VERSION_4 = Stream.concat(
                    VERSION_3.stream(),
                    Stream.of(
                            "ALTER TABLE messages ADD COLUMN seq INTEGER NOT NULL DEFAULT 0",
                            "UPDATE messages SET seq = id",
                            "ALTER TABLE messages ADD COLUMN edited INTEGER",
                            "ALTER TABLE messages ADD COLUMN reply_to INTEGER",
                            "ALTER TABLE messages ADD COLUMN reactions TEXT",
                            """
                            CREATE TABLE changes (
                                room   TEXT    NOT NULL,
                                seq    INTEGER NOT NULL,
                                target INTEGER NOT NULL,
                                kind   TEXT    NOT NULL,
                                PRIMARY KEY (room, seq)
                            ) WITHOUT ROWID""",
                            "PRAGMA user_version = 4"))
            .toList();

    /** Writes {@code schema} and then {@code data} into {@code file} as that server would have, bypassing this one. */
    static void write(Path file, List<String> schema, List<String> data) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = raw.createStatement()) {
            for (String sql : schema) {
                statement.execute(sql);
            }
            for (String sql : data) {
                statement.execute(sql);
            }
        }
    }

    private OldSchemas() {}
}
