package dev.chat.app;

import dev.chat.app.Config.Setting;
import dev.chat.app.Config.Store;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads each setting's value, or says clearly what is wrong with it ({@link ConfigException}). */
final class ConfigValues {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private ConfigValues() {}

    static String nonEmpty(Setting s, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException("Invalid " + s.label() + ": it cannot be empty.");
        }
        return value.strip();
    }

    static LogFormat logFormat(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> LogFormat.TEXT;
            case "json" -> LogFormat.JSON;
            default ->
                throw new ConfigException(
                        "Invalid " + Setting.LOG_FORMAT.label() + ": '" + value + "' (text or json).");
        };
    }

    /** A port, or none when the value is empty. */
    static Optional<Integer> optionalPort(Setting setting, String value) {
        if (value.isBlank()) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return Optional.of(port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("Invalid " + setting.label() + ": '" + value + "' is not a port number (0-65535).");
    }

    static int port(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(
                "Invalid " + Setting.PORT.label() + ": '" + value + "' is not a port number (0-65535).");
    }

    static boolean bool(Setting s, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException("Invalid " + s.label() + ": '" + value + "' is not true or false.");
        };
    }

    static int rateLimit(String value) {
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("Invalid " + Setting.RATE_LIMIT.label() + ": '" + value
                + "' is not a whole number of messages (0 turns the limit off).");
    }

    static int connectionCap(String value) {
        try {
            int cap = Integer.parseInt(value.strip());
            if (cap >= 1) {
                return cap;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("Invalid " + Setting.MAX_CONNECTIONS_PER_USER.label() + ": '" + value
                + "' is not a whole number of connections, 1 or more.");
    }

    /** A whole number of at least {@code least}. */
    static int count(Setting s, String value, int least) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("Invalid " + s.label() + ": '" + value + "' is not a whole number"
                + (least == 0 ? " (0 turns the limit off)." : ", " + least + " or more."));
    }

    static Optional<URI> publicUrl(String value) {
        if (value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && (uri.getRawPath() == null
                            || uri.getRawPath().isEmpty()
                            || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("Invalid " + Setting.PUBLIC_URL.label() + ": '" + value
                + "' is not an address such as https://chat.example.com (no path).");
    }

    static List<String> hosts(String value) {
        List<String> hosts = list(value);
        for (String host : hosts) {
            if (!host.equals("*") && !host.matches("[A-Za-z0-9.-]{1,253}")) {
                throw new ConfigException("Invalid " + Setting.ALLOWED_HOSTS.label() + ": '" + host
                        + "' is not a host name such as chat.example.com.");
            }
        }
        return hosts;
    }

    static List<String> proxies(String value) {
        List<String> proxies = list(value);
        for (String proxy : proxies) {
            if (dev.chat.adapters.netty.Cidr.parse(proxy).isEmpty()) {
                throw new ConfigException("Invalid " + Setting.TRUSTED_PROXIES.label() + ": '" + proxy
                        + "' is not an IP address or a CIDR range such as 10.0.0.0/16.");
            }
        }
        return proxies;
    }

    static Duration duration(Setting s, String value) {
        Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new ConfigException("Invalid " + s.label() + ": '" + value
                    + "' is not a positive duration such as 500ms, 30s, 5m, 12h or 30d.");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static Store store(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "sqlite" -> Store.SQLITE;
            case "dynamodb" -> Store.DYNAMODB;
            default ->
                throw new ConfigException(
                        "Invalid " + Setting.STORE.label() + ": '" + value + "' is not sqlite or dynamodb.");
        };
    }

    static String tablePrefix(String value) {
        String prefix = value.strip();
        if (!prefix.matches("[A-Za-z0-9_.-]{0,200}")) {
            throw new ConfigException("Invalid " + Setting.DYNAMODB_TABLE_PREFIX.label() + ": '" + value
                    + "' may only use letters, digits, '_', '-' and '.' (DynamoDB table names).");
        }
        return prefix;
    }

    static Optional<URI> endpoint(String value) {
        if (value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.strip());
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("Invalid " + Setting.DYNAMODB_ENDPOINT.label() + ": '" + value
                + "' is not a URL such as http://127.0.0.1:8000.");
    }

    static Optional<URI> redisUrl(String value) {
        if (value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.strip());
            if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below, without the value: it may hold a password
        }
        throw new ConfigException("Invalid " + Setting.REDIS_URL.label()
                + ": it is not a URL such as redis://host:6379 or rediss://host:6379.");
    }

    static Optional<String> nodeName(String value) {
        String name = value.strip();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (!name.matches("[A-Za-z0-9_.:-]{1,100}")) {
            throw new ConfigException("Invalid " + Setting.NODE_NAME.label() + ": '" + value
                    + "' may only use letters, digits, '.', '_', ':' and '-' (at most 100).");
        }
        return Optional.of(name);
    }

    static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    static List<String> origins(String value) {
        List<String> origins = list(value);
        for (String origin : origins) {
            if (!origin.equals("*") && !origin.matches("(?i)https?://[^/\\s]+")) {
                throw new ConfigException("Invalid " + Setting.ALLOWED_ORIGINS.label() + ": '" + origin
                        + "' is not an origin such as https://chat.example.com.");
            }
        }
        return origins;
    }

    static List<RoomName> rooms(String value) {
        Set<RoomName> rooms = new LinkedHashSet<>();
        for (String item : list(value)) {
            try {
                rooms.add(RoomName.of(item));
            } catch (ChatException e) {
                throw new ConfigException(
                        "Invalid " + Setting.DEFAULT_ROOMS.label() + ": '" + item + "'. " + e.getMessage());
            }
        }
        return List.copyOf(rooms);
    }

    static Set<Username> admins(String value) {
        Set<Username> admins = new LinkedHashSet<>();
        for (String item : list(value)) {
            try {
                admins.add(Username.of(item));
            } catch (ChatException e) {
                throw new ConfigException("Invalid " + Setting.ADMINS.label() + ": '" + item + "'. " + e.getMessage());
            }
        }
        return Set.copyOf(admins);
    }
}
