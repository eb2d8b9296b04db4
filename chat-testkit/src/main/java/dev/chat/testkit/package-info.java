/**
 * The contracts of chat-core's out-ports as JUnit 5 tests to extend: a store or fan-out of yours passes the same
 * tests as this project's adapters before the core may use it.
 */
package dev.chat.testkit;
