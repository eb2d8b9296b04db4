/** The {@code chat} command: its subcommands, the config file, and the HTTP and WebSocket clients they share. */
package dev.chat.cli;
