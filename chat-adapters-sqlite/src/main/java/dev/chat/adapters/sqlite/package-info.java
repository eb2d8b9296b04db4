/** The embedded store: accounts, sessions, rooms and messages kept in one SQLite file through JDBC. */
package dev.chat.adapters.sqlite;
