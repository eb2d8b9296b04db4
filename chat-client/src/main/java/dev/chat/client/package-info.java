/** A Java client of the chat server's public protocol: {@code ChatApi} over HTTP, {@code ChatClient} live. */
package dev.chat.client;
