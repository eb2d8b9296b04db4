package dev.chat.cli;

import java.io.IOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/** Asks the person at the terminal for a line, or for a password without echoing it. */
final class Prompt implements AutoCloseable {

    private final Terminal terminal;
    private final LineReader reader;

    Prompt(Environment env) throws IOException {
        this.terminal = env.terminals().open();
        this.reader = LineReaderBuilder.builder().terminal(terminal).build();
    }

    String line(String prompt) {
        return read(prompt, null).strip();
    }

    /** Nothing is echoed, not even stars. */
    String secret(String prompt) {
        return read(prompt, LineReaderImpl.NULL_MASK);
    }

    private String read(String prompt, Character mask) {
        try {
            return reader.readLine(prompt, mask);
        } catch (UserInterruptException | EndOfFileException e) {
            throw CliException.failure("cancelled");
        }
    }

    @Override
    public void close() throws IOException {
        terminal.close();
    }
}
