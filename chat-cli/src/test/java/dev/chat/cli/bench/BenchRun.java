package dev.chat.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** {@code chat bench} run in-process as picocli runs it, with what it printed. */
record BenchRun(int exitCode, String out, String err) {

    static BenchRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new BenchRun(code, out.toString(), err.toString());
    }

    /** The one JSON line a {@code --json} run prints. */
    JsonNode json() throws IOException {
        String[] lines = out.strip().split("\\R");
        if (lines.length != 1) {
            throw new AssertionError("expected one line, got:\n" + out + "\nstderr:\n" + err);
        }
        return new ObjectMapper().readTree(lines[0]);
    }
}
