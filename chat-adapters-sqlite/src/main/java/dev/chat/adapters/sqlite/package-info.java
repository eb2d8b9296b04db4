/** The embedded store: accounts, sessions, rooms, members and messages kept in one SQLite file through JDBC. */
package dev.chat.adapters.sqlite;
