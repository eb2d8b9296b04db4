package dev.chat.app;

import dev.chat.adapters.dynamodb.DynamoSettings;
import dev.chat.adapters.dynamodb.DynamoStores;
import dev.chat.adapters.sqlite.SqliteAccountStore;
import dev.chat.adapters.sqlite.SqliteDatabase;
import dev.chat.adapters.sqlite.SqliteMessageStore;
import dev.chat.adapters.sqlite.SqliteRoomStore;
import dev.chat.adapters.sqlite.SqliteSessionStore;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.Readiness;
import dev.chat.core.port.out.RoomStore;
import dev.chat.core.port.out.SessionStore;
import java.io.IOException;
import java.nio.file.Files;

/** The four stores the configuration chose, and how to close them. */
record Stores(AccountStore accounts, SessionStore sessions, RoomStore rooms, MessageStore messages,
              Readiness readiness, AutoCloseable closer) implements AutoCloseable {

    static Stores open(Config config) {
        return switch (config.store()) {
            case SQLITE -> sqlite(config);
            case DYNAMODB -> dynamodb(config);
        };
    }

    private static Stores sqlite(Config config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new ConfigException("Invalid --data-dir / CHAT_DATA_DIR: cannot create '" + config.dataDir()
                    + "': " + e.getMessage());
        }
        SqliteDatabase database = new SqliteDatabase(config.dataDir().resolve("chat.db"));
        return new Stores(new SqliteAccountStore(database), new SqliteSessionStore(database),
                new SqliteRoomStore(database), new SqliteMessageStore(database), database, database::close);
    }

    private static Stores dynamodb(Config config) {
        DynamoSettings settings = DynamoSettings.defaults()
                .withTablePrefix(config.dynamodbTablePrefix())
                .withEndpoint(config.dynamodbEndpoint().orElse(null))
                .withCreateTables(config.dynamodbCreateTables())
                .withSessionIdle(config.sessionIdle());
        DynamoStores stores;
        try {
            stores = DynamoStores.open(settings);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot use DynamoDB"
                    + config.dynamodbEndpoint().map(uri -> " at " + uri).orElse("") + ": " + e.getMessage(), e);
        }
        return new Stores(stores.accounts(), stores.sessions(), stores.rooms(), stores.messages(), stores,
                stores::close);
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not close the store", e);
        }
    }
}
