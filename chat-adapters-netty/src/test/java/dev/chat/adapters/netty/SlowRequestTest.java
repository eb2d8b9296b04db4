package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Password;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.out.PasswordHasher;
import dev.chat.core.service.ChatCore;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The idle timeout is for silent connections, not for a client waiting on a slow answer. */
class SlowRequestTest {

    private ChatCore core;
    private NettyChatServer server;

    @AfterEach
    void stop() {
        server.stop();
        core.close();
    }

    /** Hashes like a loaded machine: slower than several idle intervals. */
    private static final class SlowHasher implements PasswordHasher {
        private final Pbkdf2PasswordHasher inner = new Pbkdf2PasswordHasher(1);

        @Override
        public String hash(Password password) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.hash(password);
        }

        @Override
        public boolean verify(Password password, String hash) {
            return inner.verify(password, hash);
        }
    }

    @Test
    void a_request_that_takes_longer_than_the_idle_interval_still_gets_its_answer() throws Exception {
        core = ChatCore.inMemory().passwordHasher(new SlowHasher()).build();
        server = new NettyChatServer(
                        CoreApi.of(core),
                        ServerSettings.defaults()
                                .withHost("127.0.0.1")
                                .withPort(0)
                                .withPingInterval(Duration.ofMillis(200)))
                .start();

        HttpResponse<String> response = ValidatingHttpClient.wrap(HttpClient.newHttpClient())
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/register"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"username\":\"ana\",\"password\":\"ana-password\"}"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
    }
}
