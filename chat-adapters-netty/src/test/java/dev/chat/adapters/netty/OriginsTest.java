package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.util.List;
import java.util.Optional;
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
    void by_default_only_the_servers_own_origin_is_allowed_scheme_host_and_port() {
        Origins origins = new Origins(List.of());
        assertThat(origins.allows(request("chat.example.com", "https://chat.example.com"), true))
                .isTrue();
        assertThat(origins.allows(request("localhost:8080", "http://localhost:8080"), false))
                .isTrue();
        assertThat(origins.allows(request("localhost:8080", "http://localhost:9090"), false))
                .isFalse();
        assertThat(origins.allows(request("chat.example.com", "https://evil.example"), true))
                .isFalse();
        assertThat(origins.allows(request("chat.example.com", "null"), true)).isFalse();
    }

    @Test
    void an_https_origin_is_not_the_origin_of_a_server_reached_over_plain_http_nor_the_other_way() {
        Origins origins = new Origins(List.of());
        assertThat(origins.allows(request("chat.example.com", "https://chat.example.com"), false))
                .isFalse();
        assertThat(origins.allows(request("localhost:8080", "https://localhost:8080"), false))
                .isFalse();
        assertThat(origins.allows(request("chat.example.com", "http://chat.example.com"), true))
                .isFalse();
        assertThat(origins.allows(request("chat.example.com", "http://chat.example.com"), false))
                .isTrue();
        assertThat(origins.allows(request("chat.example.com:443", "https://chat.example.com"), true))
                .isTrue();
    }

    @Test
    void a_request_without_origin_is_a_non_browser_client_and_allowed() {
        assertThat(new Origins(List.of()).allows(request("chat.example.com", null), false))
                .isTrue();
    }

    @Test
    void a_configured_list_replaces_the_default() {
        Origins origins = new Origins(List.of("https://app.example.com"));
        assertThat(origins.allows(request("api.example.com", "https://app.example.com"), true))
                .isTrue();
        assertThat(origins.allows(request("api.example.com", "https://api.example.com"), true))
                .isFalse();
        assertThat(new Origins(List.of("*")).allows(request("a", "https://anything.example"), false))
                .isTrue();
    }

    @Test
    void the_public_urls_origin_is_the_servers_own_whatever_the_host_header() {
        Origins origins = new Origins(List.of(), Optional.of(URI.create("https://chat.example.com/")));
        assertThat(origins.allows(request("10.0.0.7:8080", "https://chat.example.com"), false))
                .isTrue();
        assertThat(origins.allows(request("10.0.0.7:8080", "http://chat.example.com"), false))
                .isFalse();
    }

    @Test
    void only_ip_addresses_localhost_and_the_listed_or_public_names_are_answered() {
        Hosts defaults = new Hosts(List.of(), Optional.empty());
        assertThat(defaults.allows(request("localhost:8080", null))).isTrue();
        assertThat(defaults.allows(request("127.0.0.1:8080", null))).isTrue();
        assertThat(defaults.allows(request("[::1]:8080", null))).isTrue();
        assertThat(defaults.allows(request("10.1.2.3", null))).isTrue();
        assertThat(defaults.allows(request("rebind.evil.example:8080", null)))
                .as("DNS rebinding")
                .isFalse();

        Hosts listed = new Hosts(List.of("chat.internal"), Optional.of(URI.create("https://chat.example.com")));
        assertThat(listed.allows(request("chat.internal:8080", null))).isTrue();
        assertThat(listed.allows(request("CHAT.EXAMPLE.COM", null))).isTrue();
        assertThat(listed.allows(request("evil.example", null))).isFalse();
        assertThat(new Hosts(List.of("*"), Optional.empty()).allows(request("anything.example", null)))
                .isTrue();
    }
}
