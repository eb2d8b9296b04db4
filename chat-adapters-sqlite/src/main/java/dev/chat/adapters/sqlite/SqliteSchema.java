package dev.chat.adapters.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The tables and indexes of a chat file, and the steps that bring a file of any age up to date. */
final class SqliteSchema {

    /**
     * The schema as the first release created it, kept verbatim: a file of any age starts from here and
     * {@link #MIGRATIONS} bring it up to date.
     */
    private static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS accounts (
                username      TEXT    NOT NULL PRIMARY KEY,
                password_hash TEXT    NOT NULL,
                created_at    INTEGER NOT NULL
            ) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS sessions (
                token_hash TEXT    NOT NULL PRIMARY KEY,
                username   TEXT    NOT NULL,
                guest      INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                last_seen  INTEGER NOT NULL
            ) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS rooms (
                name       TEXT    NOT NULL PRIMARY KEY,
                topic      TEXT    NOT NULL,
                created_by TEXT    NOT NULL,
                created_at INTEGER NOT NULL
            ) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS messages (
                room      TEXT    NOT NULL,
                id        INTEGER NOT NULL,
                author    TEXT    NOT NULL,
                client_id TEXT    NOT NULL,
                text      TEXT    NOT NULL,
                ts        INTEGER NOT NULL,
                PRIMARY KEY (room, id)
            ) WITHOUT ROWID""", """
            CREATE UNIQUE INDEX IF NOT EXISTS messages_by_client_id
                ON messages (room, author, client_id)""");

    /**
     * Step {@code i} takes a file from schema version {@code i} to {@code i + 1} (SQLite's
     * {@code PRAGMA user_version}, 0 in files made before versions were kept). Steps are only ever
     * appended: a released one never changes.
     */
    private static final List<List<String>> MIGRATIONS = List.of(
            // 1: bans, message tombstones, and finding a user's sessions without a full scan.
            List.of(
                    "ALTER TABLE accounts ADD COLUMN banned INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0",
                    "CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (username)"),
            // 2: accounts the operator made, password resets, rooms created per account, and purging idle sessions.
            List.of(
                    "ALTER TABLE accounts ADD COLUMN by_operator INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE accounts ADD COLUMN reset_hash TEXT",
                    "ALTER TABLE accounts ADD COLUMN reset_expires INTEGER",
                    "ALTER TABLE accounts ADD COLUMN rooms_created INTEGER NOT NULL DEFAULT 0",
                    "CREATE INDEX IF NOT EXISTS sessions_by_last_seen ON sessions (last_seen)"),
            // 3: room kinds (rooms from before were all public) and members with roles, read both ways:
            // a room's members by the primary key, a user's rooms by members_by_user; the public directory
            // pages through rooms_by_kind without stepping over private and direct rooms.
            List.of(
                    "ALTER TABLE rooms ADD COLUMN kind TEXT NOT NULL DEFAULT 'public'",
                    "CREATE INDEX IF NOT EXISTS rooms_by_kind ON rooms (kind, name)",
                    """
                    CREATE TABLE IF NOT EXISTS members (
                        room     TEXT    NOT NULL,
                        username TEXT    NOT NULL,
                        role     TEXT    NOT NULL,
                        since    INTEGER NOT NULL,
                        PRIMARY KEY (room, username)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX IF NOT EXISTS members_by_user ON members (username, room)"),
            // 4: changes to messages (edits, deletions, reactions) at positions of their own. A message's row holds
            // its current state: seq, the position of its latest change (its id until it has one, so every message
            // from before starts there), the edit time in millis, the id it answers, and its reactions
            // (ReactionsCodec; NULL for none). A change's row says which message it changed and how ('edited',
            // 'deleted', 'reacted'), keyed like the messages by (room, position), so that a room's next position is
            // the larger of two primary-key maxima.
            List.of(
                    "ALTER TABLE messages ADD COLUMN seq INTEGER NOT NULL DEFAULT 0",
                    "UPDATE messages SET seq = id",
                    "ALTER TABLE messages ADD COLUMN edited INTEGER",
                    "ALTER TABLE messages ADD COLUMN reply_to INTEGER",
                    "ALTER TABLE messages ADD COLUMN reactions TEXT",
                    """
                    CREATE TABLE IF NOT EXISTS changes (
                        room   TEXT    NOT NULL,
                        seq    INTEGER NOT NULL,
                        target INTEGER NOT NULL,
                        kind   TEXT    NOT NULL,
                        PRIMARY KEY (room, seq)
                    ) WITHOUT ROWID"""),
            // 5: read markers on members (members from before have read what there was: an upgrade does not show the
            // whole history unread) and each user's mentions, keyed
            // by (username, room, message_id) so that recording one twice keeps one and taking one back is one step
            // into the key; mentions_by_time reads a user's newest first as one range, without a sort.
            List.of(
                    "ALTER TABLE members ADD COLUMN read_up_to INTEGER NOT NULL DEFAULT 0",
                    """
                    UPDATE members SET read_up_to = max(
                        coalesce((SELECT max(id) FROM messages WHERE messages.room = members.room), 0),
                        coalesce((SELECT max(seq) FROM changes WHERE changes.room = members.room), 0))""",
                    """
                    CREATE TABLE IF NOT EXISTS mentions (
                        username   TEXT    NOT NULL,
                        room       TEXT    NOT NULL,
                        message_id INTEGER NOT NULL,
                        author     TEXT    NOT NULL,
                        ts         INTEGER NOT NULL,
                        PRIMARY KEY (username, room, message_id)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX IF NOT EXISTS mentions_by_time"
                            + " ON mentions (username, ts DESC, room DESC, message_id DESC)"),
            // 6: access tokens, keyed by the hash of their secret; tokens_by_owner lists and revokes an owner's by id.
            // rooms holds the names it is limited to, separated by spaces (a room name has none), '' for every room.
            List.of("""
                    CREATE TABLE IF NOT EXISTS tokens (
                        token_hash TEXT    NOT NULL PRIMARY KEY,
                        id         TEXT    NOT NULL,
                        owner      TEXT    NOT NULL,
                        name       TEXT    NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER,
                        last_used  INTEGER,
                        rooms      TEXT    NOT NULL,
                        can_write  INTEGER NOT NULL
                    ) WITHOUT ROWID""", "CREATE UNIQUE INDEX IF NOT EXISTS tokens_by_owner ON tokens (owner, id)"),
            // 7: webhooks, keyed by their id; webhooks_by_room lists a room's. cursor, lease_holder and lease_until
            // are an outgoing one's delivery state (the lease NULL while no node holds it). Its log is
            // webhook_attempts, keyed by (webhook_id, seq), seq counting up per webhook, so the newest attempts are
            // one range of the key read backwards and the ones past the kept number another.
            List.of("""
                    CREATE TABLE IF NOT EXISTS webhooks (
                        id           TEXT    NOT NULL PRIMARY KEY,
                        room         TEXT    NOT NULL,
                        kind         TEXT    NOT NULL,
                        bot          TEXT    NOT NULL,
                        created_by   TEXT    NOT NULL,
                        created_at   INTEGER NOT NULL,
                        secret_hash  TEXT,
                        signing_key  TEXT,
                        url          TEXT,
                        trigger_word TEXT,
                        cursor       INTEGER NOT NULL,
                        lease_holder TEXT,
                        lease_until  INTEGER
                    ) WITHOUT ROWID""", "CREATE INDEX IF NOT EXISTS webhooks_by_room ON webhooks (room)", """
                    CREATE TABLE IF NOT EXISTS webhook_attempts (
                        webhook_id TEXT    NOT NULL,
                        seq        INTEGER NOT NULL,
                        at         INTEGER NOT NULL,
                        message_id INTEGER NOT NULL,
                        attempt    INTEGER NOT NULL,
                        status     INTEGER NOT NULL,
                        error      TEXT,
                        millis     INTEGER NOT NULL,
                        PRIMARY KEY (webhook_id, seq)
                    ) WITHOUT ROWID"""));

    /** The schema version this code reads and writes. */
    static final int VERSION = MIGRATIONS.size();

    /**
     * Creates the first release's tables if missing and applies every step the file has not had; the caller
     * runs this inside one immediate transaction, so of several openers one migrates and the others find it done.
     */
    static void migrate(Connection c, Path file) throws SQLException {
        try (Statement statement = c.createStatement()) {
            for (String ddl : SCHEMA) {
                statement.executeUpdate(ddl);
            }
            int version;
            try (ResultSet result = statement.executeQuery("PRAGMA user_version")) {
                version = result.next() ? result.getInt(1) : 0;
            }
            if (version > VERSION) {
                throw new SqliteStoreException("The SQLite database " + file + " has schema version " + version
                        + ", newer than this server's " + VERSION + ": run a newer server on it.");
            }
            for (int step = version; step < VERSION; step++) {
                for (String ddl : MIGRATIONS.get(step)) {
                    statement.executeUpdate(ddl);
                }
            }
            // user_version lives in the file header and is written inside the transaction like the DDL.
            statement.executeUpdate("PRAGMA user_version = " + VERSION);
        }
    }

    private SqliteSchema() {}
}
