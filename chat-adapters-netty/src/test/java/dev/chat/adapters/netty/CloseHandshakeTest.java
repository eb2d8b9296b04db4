package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Password;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.service.ChatCore;
import dev.chat.core.service.ChatSettings;
import dev.chat.testsupport.WsClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that ends its connection with a close frame gets one back with its code, as RFC 6455 asks, and the
 * connection ends; the room goes on for the others. The server answers it itself ({@link ChatSocketHandler}), after
 * the frames already on their way, not Netty's protocol handler.
 */
class CloseHandshakeTest {

    private ChatCore core;
    private NettyChatServer server;

    @BeforeEach
    void start() throws InterruptedException {
        core = ChatCore.inMemory()
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults()
                        .withRateLimitPer10s(0)
                        .withDefaultRooms(List.of(new RoomName("general"))))
                .build();
        server = CoreApi.serve(core);
    }

    @AfterEach
    void stop() {
        server.stop();
        core.close();
    }

    private WsClient connect(String name) {
        core.accounts().register(Username.of(name), new Password(name + "-password"));
        WsClient client = WsClient.connect(
                server.port(), core.accounts().login(name, name + "-password").token());
        client.join("general");
        return client;
    }

    @Test
    void a_clients_close_frame_is_answered_with_its_code_and_the_room_goes_on() {
        try (WsClient ana = connect("ana");
                WsClient bob = connect("bob")) {
            assertThat(bob.closeAndAwaitAnswer(1001, "going away")).isEqualTo(1001);

            ana.await(f -> f.path("type").asText().equals("presence")
                    && f.path("user").asText().equals("bob")
                    && f.path("state").asText().equals("offline"));
            ana.send("type", "send", "room", "general", "text", "still here", "clientId", "c1");
            assertThat(ana.awaitType("ack").path("clientId").asText()).isEqualTo("c1");
        }
    }
}
