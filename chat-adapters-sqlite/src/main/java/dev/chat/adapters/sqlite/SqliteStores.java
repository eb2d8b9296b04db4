package dev.chat.adapters.sqlite;

import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.MemberStore;
import dev.chat.core.port.out.MentionStore;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.RoomStore;
import dev.chat.core.port.out.SessionStore;
import dev.chat.core.port.out.StoreSet;
import dev.chat.core.port.out.TokenStore;
import dev.chat.core.port.out.WebhookStore;
import java.nio.file.Path;

/** The eight stores in one SQLite file, opened (and its schema created) in one call: {@code builder.stores(...)}. */
public final class SqliteStores implements StoreSet, AutoCloseable {

    private final SqliteDatabase database;
    private final SqliteAccountStore accounts;
    private final SqliteSessionStore sessions;
    private final SqliteTokenStore tokens;
    private final SqliteWebhookStore webhooks;
    private final SqliteRoomStore rooms;
    private final SqliteMemberStore members;
    private final SqliteMessageStore messages;
    private final SqliteMentionStore mentions;

    private SqliteStores(SqliteDatabase database) {
        this.database = database;
        this.accounts = new SqliteAccountStore(database);
        this.sessions = new SqliteSessionStore(database);
        this.tokens = new SqliteTokenStore(database);
        this.webhooks = new SqliteWebhookStore(database);
        this.rooms = new SqliteRoomStore(database);
        this.members = new SqliteMemberStore(database);
        this.messages = new SqliteMessageStore(database);
        this.mentions = new SqliteMentionStore(database);
    }

    /** Opens the file, creating it and its schema if needed (its folder must exist). */
    public static SqliteStores open(Path file) {
        return new SqliteStores(new SqliteDatabase(file));
    }

    public Path file() {
        return database.file();
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    public WebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public RoomStore rooms() {
        return rooms;
    }

    @Override
    public MemberStore members() {
        return members;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public MentionStore mentions() {
        return mentions;
    }

    @Override
    public boolean isReady() {
        return database.isReady();
    }

    @Override
    public void close() {
        database.close();
    }
}
