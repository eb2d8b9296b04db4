package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.service.ChatCore;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client still sending a body the server has refused must read the refusal. Closing a socket with unread
 * bytes makes the kernel send a reset and drop what was not yet delivered, the refusal included: the client
 * saw only "connection reset" (AbuseTest failed once so, with "header parser received no bytes").
 */
class OversizeBodyTest {

    private ChatCore core;
    private NettyChatServer server;

    @BeforeEach
    void start() throws InterruptedException {
        core = ChatCore.inMemory().build();
        server = CoreApi.serve(core);
    }

    @AfterEach
    void stop() {
        server.stop();
        core.close();
    }

    @Test
    void a_client_still_sending_an_oversize_body_reads_the_413() throws Exception {
        HttpClient client = ValidatingHttpClient.wrap(HttpClient.newHttpClient());
        String body = "{\"username\":\"" + "a".repeat(1 << 20) + "\"}";
        for (int attempt = 0; attempt < 10; attempt++) {
            HttpResponse<String> refused = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/register"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("attempt %d", attempt).isEqualTo(413);
            assertThat(refused.body()).contains("\"too_large\"");
        }
    }
}
