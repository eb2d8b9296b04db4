/** {@code chat bench}: a lean Netty load generator that measures what a chat deployment delivers, how fast, and what it loses. */
package dev.chat.cli.bench;
