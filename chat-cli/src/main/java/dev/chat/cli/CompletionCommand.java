package dev.chat.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code chat completion}: the bash (and zsh) completion script, generated from the commands themselves. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = "Print a bash/zsh completion script for chat.",
        footer = {
            "",
            "Install it with one of:",
            "  chat completion > ~/.local/share/bash-completion/completions/chat",
            "  echo 'source <(chat completion)' >> ~/.bashrc"
        })
final class CompletionCommand extends ChatCommand {

    @Override
    protected int run() {
        out().print(AutoComplete.bash("chat", spec.root().commandLine()));
        out().flush();
        return 0;
    }
}
