package dev.chat.cli.bench;

/** A run that cannot go on (the server refused or did not answer); its message is one line for the user. */
final class BenchException extends Exception {

    BenchException(String message) {
        super(message);
    }
}
