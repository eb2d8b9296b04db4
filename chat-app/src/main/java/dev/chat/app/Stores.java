package dev.chat.app;

import dev.chat.adapters.dynamodb.DynamoSettings;
import dev.chat.adapters.dynamodb.DynamoStores;
import dev.chat.adapters.sqlite.SqliteStores;
import dev.chat.core.port.out.StoreSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The stores the configuration chose ({@link #set}), and how to close them. */
record Stores(StoreSet set, AutoCloseable closer) implements AutoCloseable {

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
            throw new ConfigException(
                    "Invalid --data-dir / CHAT_DATA_DIR: cannot create '" + config.dataDir() + "': " + e.getMessage());
        }
        SqliteStores stores = SqliteStores.open(sqliteFile(config));
        return new Stores(stores, stores::close);
    }

    /** The embedded store's database file under {@code --data-dir}. */
    static Path sqliteFile(Config config) {
        return config.dataDir().resolve("chat.db");
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
            throw new IllegalStateException(
                    "Cannot use DynamoDB"
                            + config.dynamodbEndpoint().map(uri -> " at " + uri).orElse("") + ": " + e.getMessage(),
                    e);
        }
        return new Stores(stores, stores::close);
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
