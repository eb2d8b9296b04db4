package dev.chat.core.service;

import dev.chat.core.domain.NodeFigures;
import dev.chat.core.port.out.PresenceStore;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the presence store what this node carries, so any node can show the whole deployment's figures. */
final class NodeReporter {

    /** The host's name and this process's id: unique among the nodes of a deployment. */
    static String defaultName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "node";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    private static final Logger log = LoggerFactory.getLogger(NodeReporter.class);

    private final String node;
    private final PresenceStore presence;
    private final LiveService live;
    private final MessageService messages;
    private final QuietLog failures = new QuietLog(Duration.ofMinutes(1));

    NodeReporter(String node, PresenceStore presence, LiveService live, MessageService messages) {
        this.node = node;
        this.presence = presence;
        this.live = live;
        this.messages = messages;
    }

    String node() {
        return node;
    }

    NodeFigures current() {
        SessionConnections.Load load = live.load();
        return new NodeFigures(load.connections(), load.usersInRooms(), messages.storedLastMinute());
    }

    /** Reports the figures as they are now; a failure is logged (rarely) and the next report tries again. */
    void report() {
        try {
            presence.reportNode(node, current());
        } catch (RuntimeException e) {
            failures.warn(log, "Could not report this node's figures", e);
        }
    }
}
