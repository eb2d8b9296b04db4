package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code chat} launcher script runs the shaded jar from wherever it is installed. */
class LauncherIT {

    private static final Path SCRIPT = Path.of("src/main/sh/chat").toAbsolutePath();
    private static final Path JAR = Path.of("target/chat-cli-all.jar").toAbsolutePath();

    @TempDir
    Path home;

    record Run(int exitCode, String out, String err) {}

    @Test
    void runs_the_jar_next_to_it_as_when_both_are_copied_to_local_bin() throws Exception {
        Path bin = Files.createDirectories(home.resolve(".local/bin"));
        Files.copy(SCRIPT, bin.resolve("chat"));
        Files.copy(JAR, bin.resolve("chat-cli.jar"));

        Run version = run(bin.resolve("chat"), "--version");

        assertThat(version.exitCode()).as(version.err()).isZero();
        assertThat(version.out()).isEqualTo("chat " + System.getProperty("chat.version") + "\n");
    }

    @Test
    void runs_the_jar_of_an_installed_layout_through_a_symlink() throws Exception {
        Path lib = Files.createDirectories(home.resolve("opt/chat/lib/chat"));
        Path realBin = Files.createDirectories(home.resolve("opt/chat/bin"));
        Files.copy(SCRIPT, realBin.resolve("chat"));
        Files.copy(JAR, lib.resolve("chat-cli.jar"));
        Path link = Files.createDirectories(home.resolve("bin")).resolve("chat");
        Files.createSymbolicLink(link, realBin.resolve("chat"));

        Run help = run(link, "send", "--help");

        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: chat send");
    }

    @Test
    void runs_from_the_source_tree_and_passes_exit_codes_and_stderr_through() throws Exception {
        Run usage = run(SCRIPT, "send");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).isEqualTo("chat: Missing required parameter: 'ROOM' (see 'chat send --help')\n");

        Run failure = run(SCRIPT, "rooms", "--server", "http://127.0.0.1:9");
        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.err()).isEqualTo("chat: sign in first: chat login --server http://127.0.0.1:9\n");
    }

    @Test
    void says_so_when_it_cannot_find_the_jar() throws Exception {
        Path lonely = Files.createDirectories(home.resolve("lonely")).resolve("chat");
        Files.copy(SCRIPT, lonely);

        Run run = run(lonely, "--version");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("chat: cannot find chat-cli.jar next to ");
    }

    private Run run(Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("CHAT_CONFIG_DIR", home.resolve("config").toString());
        builder.environment().remove("CHAT_SERVER");
        builder.environment().remove("CHAT_CLI_JAR");
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
