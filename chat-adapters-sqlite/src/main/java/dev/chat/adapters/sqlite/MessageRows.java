package dev.chat.adapters.sqlite;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * A row of the {@code messages} table as a {@link Message} in its current state, and back. Times are epoch
 * milliseconds, so {@link #stored} truncates a message's times the way a write and a read would: what a store
 * returns after a write equals what later reads return. A deleted message is a tombstone row ({@code deleted = 1},
 * text emptied: the column is NOT NULL since the first schema) that reads back as {@link MessageText#DELETED}.
 */
final class MessageRows {

    /** The columns {@link #row} reads, in this order; a query may select more after them. */
    static final String COLUMNS =
            "room, id, author, client_id, text, ts, deleted, seq, edited, reply_to, reactions, bot, via";

    /** The same columns of the messages table aliased {@code m}. */
    static final String M_COLUMNS = "m.room, m.id, m.author, m.client_id, m.text, m.ts, m.deleted, m.seq, m.edited,"
            + " m.reply_to, m.reactions, m.bot, m.via";

    /** How many columns {@link #COLUMNS} names. */
    static final int COUNT = 13;

    private MessageRows() {}

    /** A row read with {@link #COLUMNS} first. */
    static Row row(ResultSet row) throws SQLException {
        boolean deleted = row.getInt(7) != 0;
        long edited = row.getLong(9);
        Instant editedAt = row.wasNull() ? null : Instant.ofEpochMilli(edited);
        long replyTo = row.getLong(10);
        Long answers = row.wasNull() ? null : replyTo;
        return new Row(
                new Message(
                        new RoomName(row.getString(1)),
                        row.getLong(2),
                        new Username(row.getString(3)),
                        deleted ? MessageText.DELETED : new MessageText(row.getString(5)),
                        Instant.ofEpochMilli(row.getLong(6)),
                        new ClientId(row.getString(4)),
                        row.getLong(8),
                        editedAt,
                        answers,
                        ReactionsCodec.decode(row.getString(11)),
                        row.getInt(12) != 0,
                        row.getString(13)),
                deleted);
    }

    /** The message as it reads back once stored: its edit time to the millisecond (its ts is already). */
    static Message stored(Message message) {
        Instant edited = message.edited();
        return edited == null ? message : message.withText(message.text(), Instant.ofEpochMilli(edited.toEpochMilli()));
    }

    /** Binds the columns a change may alter (text, deleted, edited, reactions, seq) from parameter {@code first}. */
    static void bindState(PreparedStatement statement, int first, Message state) throws SQLException {
        boolean deleted = state.isDeleted();
        statement.setString(first, deleted ? "" : state.text().value());
        statement.setInt(first + 1, deleted ? 1 : 0);
        if (state.edited() == null) {
            statement.setNull(first + 2, Types.INTEGER);
        } else {
            statement.setLong(first + 2, state.edited().toEpochMilli());
        }
        String reactions = ReactionsCodec.encode(state.reactions());
        if (reactions == null) {
            statement.setNull(first + 3, Types.VARCHAR);
        } else {
            statement.setString(first + 3, reactions);
        }
        statement.setLong(first + 4, state.seq());
    }

    /** Binds who wrote it and how, which never change ({@code bot}, {@code via}), from parameter {@code first}. */
    static void bindAuthorship(PreparedStatement statement, int first, Message message) throws SQLException {
        statement.setInt(first, message.bot() ? 1 : 0);
        if (message.via() == null) {
            statement.setNull(first + 1, Types.VARCHAR);
        } else {
            statement.setString(first + 1, message.via());
        }
    }

    /** A message's current state, and whether the row is a tombstone. */
    record Row(Message message, boolean deleted) {}
}
