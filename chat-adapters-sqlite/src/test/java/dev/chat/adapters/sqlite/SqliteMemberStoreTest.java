package dev.chat.adapters.sqlite;

import dev.chat.core.port.out.MemberStore;
import dev.chat.testkit.MemberStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteMemberStoreTest extends MemberStoreContract {

    @TempDir
    Path dir;

    private Databases databases;

    @Override
    protected MemberStore newStore() {
        databases = new Databases(dir);
        return new SqliteMemberStore(databases.open());
    }

    /** Another connection to the same file, as a second node sharing the store would have. */
    @Override
    protected MemberStore anotherNode(MemberStore store) {
        return new SqliteMemberStore(databases.open());
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }
}
