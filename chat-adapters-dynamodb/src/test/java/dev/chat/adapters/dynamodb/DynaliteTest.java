package dev.chat.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.testsupport.Dynalite;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The test server itself. Found by the chaos suite: dynalite rethrew a request's "aborted" error and ended its
 * process whenever a client hung up in the middle of a request (a node killed with a call in flight), and the
 * store was then gone for the rest of the run; the nodes could not start again.
 */
class DynaliteTest {

    @TempDir
    Path data;

    @Test
    void a_client_that_hangs_up_in_the_middle_of_a_request_does_not_end_the_server() throws Exception {
        try (Dynalite dynalite = Dynalite.startPersistent(data.resolve("tables"))) {
            for (int i = 0; i < 3; i++) {
                try (Socket socket = new Socket(
                        dynalite.endpoint().getHost(), dynalite.endpoint().getPort())) {
                    socket.getOutputStream()
                            .write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n"
                                            + "X-Amz-Target: DynamoDB_20120810.ListTables\r\n\r\n{\"Limit\":")
                                    .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    Thread.sleep(100);
                    socket.setSoLinger(true, 0);
                }
            }
            Thread.sleep(300);

            assertThat(dynalite.isRunning()).as("the server process").isTrue();
            try (DynamoDbClient client =
                    DynamoStores.client(TestStores.freshSettings().withEndpoint(dynalite.endpoint()))) {
                assertThat(client.listTables().tableNames()).isNotNull();
            }
        }
    }
}
