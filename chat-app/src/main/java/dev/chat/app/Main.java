package dev.chat.app;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the chat server from the command line and stops it gracefully on SIGTERM or Ctrl-C. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("admin")) {
            System.exit(OperatorCommand.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length),
                    System.getenv(),
                    System.in,
                    System.out,
                    System.err));
        }
        if (args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"))) {
            System.exit(BackupCommand.run(
                    args[0], Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("warm-up")) {
            System.exit(WarmUpCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs until the JVM is asked to stop; returns the exit code when it cannot start. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(Config.help());
            return 0;
        }
        Config config;
        try {
            config = Config.load(args, env);
        } catch (ConfigException e) {
            err.println("chat: " + e.getMessage());
            return 2;
        }
        config.logFormat().apply();
        ChatApplication app;
        try {
            app = ChatApplication.start(config);
        } catch (ConfigException e) {
            err.println("chat: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("chat: cannot start: " + e.getMessage());
            log.debug("Start failed", e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "chat-shutdown"));
        String host = "0.0.0.0".equals(config.host()) || "::".equals(config.host()) ? "localhost" : config.host();
        String data = config.store() == Config.Store.DYNAMODB
                ? "DynamoDB tables " + config.dynamodbTablePrefix() + "*"
                        + config.dynamodbEndpoint().map(uri -> " at " + uri).orElse("")
                : "data in " + config.dataDir().toAbsolutePath().normalize();
        String bus = config.redisUrl()
                .map(url -> "events through Redis at " + url.getScheme() + "://" + url.getHost()
                        + (url.getPort() < 0 ? "" : ":" + url.getPort()))
                .orElse("events in process");
        log.info("Chat is running at http://{}:{}/ ({}; {})", host, app.port(), data, bus);
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
