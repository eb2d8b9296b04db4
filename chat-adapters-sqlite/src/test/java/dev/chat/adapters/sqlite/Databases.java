package dev.chat.adapters.sqlite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The databases a test opened on one file, each standing for a node; closed together after the test. */
final class Databases implements AutoCloseable {

    private final Path file;
    private final List<SqliteDatabase> opened = new ArrayList<>();

    Databases(Path dir) {
        this.file = dir.resolve("chat.db");
    }

    Path file() {
        return file;
    }

    synchronized SqliteDatabase open() {
        SqliteDatabase db = new SqliteDatabase(file);
        opened.add(db);
        return db;
    }

    @Override
    public synchronized void close() {
        opened.forEach(SqliteDatabase::close);
        opened.clear();
    }
}
