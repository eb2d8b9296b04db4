package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Password;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.service.ChatCore;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upgrade request waits for the session check off the event loop; it must never be leaked. */
class WebSocketUpgradeTest {

    private ChatCore core;
    private String token;
    private final List<Runnable> worker = new ArrayList<>();
    private final AtomicBoolean installed = new AtomicBoolean();
    private EmbeddedChannel channel;

    @BeforeEach
    void start() {
        core = ChatCore.inMemory().passwordHasher(new Pbkdf2PasswordHasher(1)).build();
        core.accounts().register(Username.of("ana"), new Password("ana-password"));
        token = core.accounts().login("ana", "ana-password").token();
        ChatApi api = CoreApi.of(core);
        HttpServices services = new HttpServices(
                api,
                ServerSettings.defaults(),
                worker::add,
                worker::add,
                new Origins(List.of()),
                new Hosts(List.of(), Optional.empty()),
                new ClientAddresses(List.of()),
                new StaticFiles("static", getClass().getClassLoader()),
                ServerTelemetry.NONE);
        HttpRequestHandler handler = new HttpRequestHandler(
                services, HttpRouter.of(services), new WebSocketUpgrade(services, (ctx, request, admission) -> {
                    installed.set(true);
                    request.release();
                    admission.close();
                }));
        channel = new EmbeddedChannel(handler);
    }

    @AfterEach
    void stop() {
        channel.finishAndReleaseAll();
        core.close();
    }

    private FullHttpRequest upgrade(String bearer) {
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                HttpMethod.GET,
                "/ws",
                Unpooled.copiedBuffer("x".repeat(1000), StandardCharsets.UTF_8));
        request.headers().set("Host", "localhost").set("Upgrade", "websocket").set("Connection", "Upgrade");
        if (bearer != null) {
            request.headers().set("Authorization", "Bearer " + bearer);
        }
        return request;
    }

    private void runWorker() {
        List<Runnable> tasks = new ArrayList<>(worker);
        worker.clear();
        tasks.forEach(Runnable::run);
        channel.runPendingTasks();
    }

    @Test
    void a_signed_in_upgrade_is_handed_to_the_websocket_handshake() {
        FullHttpRequest request = upgrade(token);
        channel.writeInbound(request);
        assertThat(installed).as("not before the session was checked").isFalse();
        runWorker();
        assertThat(installed).isTrue();
        assertThat(request.refCnt()).isZero();
    }

    @Test
    void an_upgrade_without_a_session_gets_401_and_is_released() {
        FullHttpRequest request = upgrade(null);
        channel.writeInbound(request);
        runWorker();
        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        response.release();
        assertThat(request.refCnt()).isZero();
        assertThat(installed).isFalse();
    }

    @Test
    void a_client_that_hangs_up_during_the_session_check_leaks_nothing() {
        FullHttpRequest request = upgrade(token);
        channel.writeInbound(request);
        channel.close();
        runWorker();
        assertThat(installed).isFalse();
        assertThat(request.refCnt()).isZero();
    }
}
