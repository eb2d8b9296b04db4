package dev.chat.adapters.sqlite;

import dev.chat.core.port.out.TokenStore;
import dev.chat.testkit.TokenStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteTokenStoreTest extends TokenStoreContract {

    @TempDir
    Path dir;

    private Databases databases;

    @Override
    protected TokenStore newStore() {
        databases = new Databases(dir);
        return new SqliteTokenStore(databases.open());
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }
}
