package dev.chat.adapters.sqlite;

import dev.chat.core.port.out.SessionStore;
import dev.chat.testkit.SessionStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionStoreTest extends SessionStoreContract {

    @TempDir
    Path dir;

    private Databases databases;

    @Override
    protected SessionStore newStore() {
        databases = new Databases(dir);
        return new SqliteSessionStore(databases.open());
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }
}
