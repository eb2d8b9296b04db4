package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HelpTest {

    @TempDir
    Path config;

    @Test
    void every_command_answers_help_with_its_usage() {
        List<String> commands = new ArrayList<>();
        collect(Main.commandLine(new Main()), commands);
        assertThat(commands)
                .contains(
                        "chat",
                        "chat send",
                        "chat tail",
                        "chat admin users ban",
                        "chat admin stats",
                        "chat webhooks create",
                        "chat webhooks log",
                        "chat bench",
                        "chat completion");

        Cli cli = new Cli(config);
        for (String command : commands) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")).subList(1, command.split(" ").length));
            args.add("--help");
            Cli.Result help = cli.run(args.toArray(String[]::new));
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: " + command);
        }
    }

    @Test
    void a_command_that_only_groups_others_is_a_usage_error_alone() {
        Cli.Result result = new Cli(config).run("admin", "users");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("chat: Missing command: one of [list, ban, unban, reset, bot]");
    }

    @Test
    void the_completion_script_completes_commands_in_bash() throws Exception {
        Cli.Result script = new Cli(config).run("completion");
        assertThat(script.exitCode()).isZero();
        Path file = config.resolve("chat-completion.bash");
        Files.writeString(file, script.out());

        // Asks bash what the function registered for "chat" offers after "chat ad" and after "chat admin users ".
        String probe = "source " + file + "\n"
                + "complete=$(complete -p chat | sed -E 's/.*-F ([^ ]+).*/\\1/')\n"
                + "COMP_WORDS=(chat ad); COMP_CWORD=1; $complete 2>/dev/null; echo \"${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(chat admin users ''); COMP_CWORD=3; $complete 2>/dev/null; echo \"${COMPREPLY[*]}\"\n";
        Process bash = new ProcessBuilder("bash", "-c", probe)
                .redirectErrorStream(true)
                .start();
        assertThat(bash.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String answer = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(answer.lines().toList()).as(answer).containsExactly("admin", "list ban unban reset bot");
    }

    private static void collect(CommandLine command, List<String> into) {
        into.add(command.getCommandSpec().qualifiedName());
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")
                    && !into.contains(sub.getCommandSpec().qualifiedName())) {
                collect(sub, into);
            }
        }
    }
}
