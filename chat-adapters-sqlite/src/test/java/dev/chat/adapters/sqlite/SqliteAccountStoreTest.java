package dev.chat.adapters.sqlite;

import dev.chat.core.port.out.AccountStore;
import dev.chat.testkit.AccountStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteAccountStoreTest extends AccountStoreContract {

    @TempDir
    Path dir;

    private Databases databases;

    @Override
    protected AccountStore newStore() {
        databases = new Databases(dir);
        return new SqliteAccountStore(databases.open());
    }

    /** Another connection to the same file, as a second node sharing the store would have. */
    @Override
    protected AccountStore anotherNode(AccountStore store) {
        return new SqliteAccountStore(databases.open());
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }
}
