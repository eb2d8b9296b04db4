package dev.chat.cli;

import dev.chat.client.ClientException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand of {@code chat}: returns its exit code, prints through picocli's writers (so tests capture
 * them), and turns a {@link CliException} into one line on stderr — {@code chat: what went wrong}.
 */
public abstract class ChatCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    private ConfigFile config;
    private HttpClient http;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (CliException e) {
            return fail(e);
        } catch (ClientException e) {
            return fail(CliException.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(CliException.failure("interrupted"));
        } catch (Exception e) {
            if (env().variable("CHAT_DEBUG").isPresent()) {
                e.printStackTrace(err());
            }
            return fail(CliException.failure(
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** Does the work; returns the exit code. */
    protected abstract int run() throws Exception;

    private int fail(CliException e) {
        PrintWriter err = err();
        err.println("chat: " + e.getMessage());
        err.flush();
        return e.exitCode();
    }

    protected Environment env() {
        Object root = spec.root().userObject();
        return root instanceof Main main ? main.environment() : Environment.system();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected ConfigFile config() {
        if (config == null) {
            config = ConfigFile.load(env().configDir());
        }
        return config;
    }

    protected HttpClient http() {
        if (http == null) {
            http = dev.chat.client.ChatApi.newHttpClient();
        }
        return http;
    }

    /** The server's name as the user gave it on the command line of the top-level {@code chat}, if at all. */
    protected String rootServerOption() {
        Object root = spec.root().userObject();
        return root instanceof Main main ? main.serverOption.server : null;
    }
}
