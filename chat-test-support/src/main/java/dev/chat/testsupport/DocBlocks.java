package dev.chat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fenced blocks of a Markdown document, for tests that hold a document to the code it shows: a listing that
 * must be a source file to the letter, or the output a program must print.
 */
public final class DocBlocks {

    private DocBlocks() {}

    /**
     * The body of the one fenced block of {@code document} that opens with the line {@code opening} (say
     * {@code "```java client"}), without its fences and without the newline before the closing fence. Fails when
     * no block, or more than one, opens with that line, or the block never closes.
     */
    public static String block(Path document, String opening) {
        String markdown;
        try {
            markdown = Files.readString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String open = opening + "\n";
        int start = markdown.indexOf(open);
        if (start < 0) {
            throw new AssertionError("No block opens with '" + opening + "' in " + document);
        }
        if (markdown.indexOf(open, start + 1) >= 0) {
            throw new AssertionError("More than one block opens with '" + opening + "' in " + document);
        }
        int from = start + open.length();
        int end = markdown.indexOf("\n```", from);
        if (end < 0) {
            throw new AssertionError("The block opening with '" + opening + "' in " + document + " never closes");
        }
        return markdown.substring(from, end);
    }
}
