/** The runnable server: configuration, hand wiring of the core to its adapters, and {@code main}. */
package dev.chat.app;
