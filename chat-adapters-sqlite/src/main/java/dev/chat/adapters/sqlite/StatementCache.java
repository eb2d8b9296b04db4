package dev.chat.adapters.sqlite;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection as the stores see it, with each statement compiled once: {@code prepareStatement(sql)} hands
 * out the statement already compiled for that text, and closing it only clears its parameters. SQLite spends
 * about as long compiling a short statement as running it, and a message takes three. Used only under the
 * database's lock, like the connection itself; every statement text the stores use is a constant, so the cache
 * stays small (past {@link #MAX} texts, statements are compiled and closed as usual).
 */
final class StatementCache implements AutoCloseable {

    private static final int MAX = 128;

    private final Connection connection;
    /** Compiled statements by their text, and what the stores are handed for each. */
    private final Map<String, PreparedStatement> compiled = new HashMap<>();

    private final Map<String, PreparedStatement> handedOut = new HashMap<>();
    private final Connection view;

    StatementCache(Connection connection) {
        this.connection = connection;
        this.view = (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
                        return prepare((String) args[0]);
                    }
                    return forward(connection, method, args);
                });
    }

    /** The connection to hand to the stores' work. */
    Connection connection() {
        return view;
    }

    /** The statement for {@code sql}, compiled on first use; closing what this returns keeps it compiled. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = handedOut.get(sql);
        if (statement != null) {
            return statement;
        }
        PreparedStatement fresh = connection.prepareStatement(sql);
        if (compiled.size() >= MAX) {
            return fresh;
        }
        statement = (PreparedStatement) Proxy.newProxyInstance(
                PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        // Kept compiled, with nothing bound (its results were closed by the caller).
                        fresh.clearParameters();
                        return null;
                    }
                    return forward(fresh, method, args);
                });
        compiled.put(sql, fresh);
        handedOut.put(sql, statement);
        return statement;
    }

    private static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Closes every compiled statement (before the connection is closed). */
    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement statement : compiled.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        compiled.clear();
        handedOut.clear();
        if (first != null) {
            throw first;
        }
    }
}
