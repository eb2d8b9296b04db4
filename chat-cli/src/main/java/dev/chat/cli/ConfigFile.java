package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The per-user file that keeps session tokens:
 * {@code {"servers": {"<url>": {"token": "…", "username": "…"}}, "default": "<url>"}}.
 * It holds secrets, so it is written readable by its owner only (0600, its folder 0700), and replaced
 * atomically so that a crash never leaves half a file. Fields it does not know are kept.
 */
public final class ConfigFile {

    /** The session of one user on one server. */
    public record Login(String token, String username) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final ObjectNode root;

    private ConfigFile(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads {@code config.json} in {@code dir}; a missing file is an empty configuration. */
    public static ConfigFile load(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.exists(file)) {
            return new ConfigFile(file, JSON.createObjectNode());
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw CliException.failure(file + " is not a JSON object; fix or delete it");
            }
            return new ConfigFile(file, (ObjectNode) node);
        } catch (IOException e) {
            throw CliException.failure("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return file;
    }

    /** The server used when neither {@code --server} nor {@code CHAT_SERVER} names one. */
    public Optional<String> defaultServer() {
        JsonNode node = root.get("default");
        return node != null && node.isTextual() && !node.asText().isBlank()
                ? Optional.of(node.asText())
                : Optional.empty();
    }

    public Optional<Login> login(String server) {
        JsonNode entry = root.path("servers").path(server);
        String token = entry.path("token").asText("");
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Login(token, entry.path("username").asText("")));
    }

    /** Remembers a sign-in and makes its server the default; call {@link #save()} to keep it. */
    public void putLogin(String server, Login login) {
        ObjectNode servers = root.has("servers") && root.get("servers").isObject()
                ? (ObjectNode) root.get("servers")
                : root.putObject("servers");
        servers.putObject(server).put("token", login.token()).put("username", login.username());
        root.put("default", server);
    }

    /** Forgets the session of a server (the server stays the default); call {@link #save()} to keep it. */
    public void removeLogin(String server) {
        JsonNode servers = root.get("servers");
        if (servers instanceof ObjectNode node) {
            node.remove(server);
        }
    }

    /** Writes the file owner-only, creating its folder (owner-only too) if needed. */
    public void save() {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            throw new IllegalStateException("A config file needs a folder: " + file);
        }
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path temp = dir.resolve(".config.json." + UUID.randomUUID() + ".tmp");
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                    : new FileAttribute<?>[0];
            Files.createFile(temp, attributes);
            try {
                Files.write(temp, JSON.writeValueAsBytes(root));
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw CliException.failure("cannot write " + file + ": a temporary file is in the way, try again", e);
        } catch (IOException e) {
            throw CliException.failure("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
