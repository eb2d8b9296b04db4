package dev.chat.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** deploy/Dockerfile as instructions (continuation lines joined, comments dropped). */
record Dockerfile(List<String[]> instructions) {

    static Dockerfile read() {
        try {
            String text = Files.readString(Template.repo().resolve("deploy/Dockerfile"))
                    .replace("\\\n", " ");
            List<String[]> instructions = new ArrayList<>();
            for (String line : text.lines().map(String::strip).toList()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    String[] parts = line.split("\\s+", 2);
                    instructions.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : ""});
                }
            }
            return new Dockerfile(instructions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> all(String instruction) {
        return instructions.stream()
                .filter(i -> i[0].equals(instruction))
                .map(i -> i[1])
                .toList();
    }

    /** The instructions of the last stage: what the running image is made of. */
    Dockerfile finalStage() {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i)[0].equals("FROM")) {
                last = i;
            }
        }
        return new Dockerfile(instructions.subList(last, instructions.size()));
    }

    List<Integer> exposedPorts() {
        return all("EXPOSE").stream()
                .flatMap(e -> List.of(e.split("\\s+")).stream())
                .map(p -> Integer.parseInt(p.replace("/tcp", "")))
                .toList();
    }
}
