package dev.chat.app;

import dev.chat.adapters.sqlite.SqliteBackup;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar chat-app.jar backup --to FILE} and {@code restore --from FILE}, with the server's own options
 * ({@code --data-dir}): a consistent copy of the embedded store's database while servers write to it, and a copy put
 * back in place of the database of stopped servers (the replaced file is kept beside it). DynamoDB keeps its own
 * backups (point-in-time recovery, enabled by the deploy templates).
 */
final class BackupCommand {

    static final String USAGE = "Usage: java -jar chat-app.jar backup --to FILE [--data-dir DIR]\n"
            + "       java -jar chat-app.jar restore --from FILE [--data-dir DIR]   (with every server stopped)";

    private BackupCommand() {}

    /** {@code verb} is {@code backup} or {@code restore}; {@code args} follow it. Returns the exit code. */
    static int run(String verb, String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String fileOption = verb.equals("backup") ? "--to" : "--from";
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int at = rest.indexOf(fileOption);
        if (at < 0 || at + 1 >= rest.size() || rest.get(at + 1).startsWith("--")) {
            err.println("chat: " + verb + " needs " + fileOption + " FILE.\n" + USAGE);
            return 2;
        }
        Path file = Path.of(rest.get(at + 1));
        rest.subList(at, at + 2).clear();
        Config config;
        try {
            config = Config.load(rest.toArray(String[]::new), env);
        } catch (ConfigException e) {
            err.println("chat: " + e.getMessage());
            return 2;
        }
        if (config.store() != Config.Store.SQLITE) {
            err.println("chat: " + verb + " is for the embedded SQLite store. DynamoDB's tables have point-in-time "
                    + "recovery (enabled by deploy/cloudformation/resources.yml): restore a table to a time with AWS.");
            return 2;
        }
        Path database = Stores.sqliteFile(config);
        try {
            if (verb.equals("backup")) {
                SqliteBackup.Copy copy = SqliteBackup.backup(database, file);
                out.println(String.format(
                        Locale.ROOT,
                        "Backed up %s to %s: %,d bytes, %,d messages, %,d accounts, %,d rooms.",
                        database,
                        copy.file(),
                        copy.bytes(),
                        copy.messages(),
                        copy.accounts(),
                        copy.rooms()));
            } else {
                SqliteBackup.Copy copy = SqliteBackup.check(file);
                Path kept = SqliteBackup.restore(file, database, Clock.systemDefaultZone());
                out.println(String.format(
                        Locale.ROOT,
                        "Restored %s to %s: %,d messages, %,d accounts, %,d rooms.%s",
                        file,
                        database,
                        copy.messages(),
                        copy.accounts(),
                        copy.rooms(),
                        kept == null ? "" : " The database it replaced is kept as " + kept + "."));
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("chat: " + e.getMessage());
            return 1;
        }
    }
}
