package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginsTest {

    private static HttpRequest request(String host, String origin) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        request.headers().set("Host", host);
        if (origin != null) {
            request.headers().set("Origin", origin);
        }
        return request;
    }

    @Test
    void by_default_only_the_servers_own_origin_is_allowed() {
        Origins origins = new Origins(List.of());
        assertThat(origins.allows(request("chat.example.com", "https://chat.example.com"))).isTrue();
        assertThat(origins.allows(request("localhost:8080", "http://localhost:8080"))).isTrue();
        assertThat(origins.allows(request("localhost:8080", "http://localhost:9090"))).isFalse();
        assertThat(origins.allows(request("chat.example.com", "https://evil.example"))).isFalse();
        assertThat(origins.allows(request("chat.example.com", "null"))).isFalse();
    }

    @Test
    void a_request_without_origin_is_a_non_browser_client_and_allowed() {
        assertThat(new Origins(List.of()).allows(request("chat.example.com", null))).isTrue();
    }

    @Test
    void a_configured_list_replaces_the_default() {
        Origins origins = new Origins(List.of("https://app.example.com"));
        assertThat(origins.allows(request("api.example.com", "https://app.example.com"))).isTrue();
        assertThat(origins.allows(request("api.example.com", "https://api.example.com"))).isFalse();
        assertThat(new Origins(List.of("*")).allows(request("a", "https://anything.example"))).isTrue();
    }
}
