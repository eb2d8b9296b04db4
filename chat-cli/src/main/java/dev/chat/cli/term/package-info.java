/** The interactive terminal chat: a JLine prompt with incoming messages printed above it. */
package dev.chat.cli.term;
