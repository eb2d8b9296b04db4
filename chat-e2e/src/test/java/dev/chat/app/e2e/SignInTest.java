package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts over HTTP: what a person signing in sees, and what an attacker guessing learns. */
class SignInTest {

    @TempDir
    Path data;

    private ChatApplication app;
    private Api api;

    @BeforeEach
    void start() {
        app = Servers.start(data);
        api = new Api(app.port());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void login_does_not_reveal_whether_a_user_exists() {
        api.signUp("ana", "ana-password");
        Api.Response wrongPassword = api.post("/api/login", Api.credentials("ana", "not-her-password"), null);
        Api.Response noSuchUser = api.post("/api/login", Api.credentials("nobody", "not-her-password"), null);
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(noSuchUser.status()).isEqualTo(401);
        assertThat(noSuchUser.body()).isEqualTo(wrongPassword.body());
        assertThat(wrongPassword.body().get("error").get("code").asText()).isEqualTo("invalid_credentials");
    }

    @Test
    @Tag("alone") // measures time (a 1 s back-off against password hashing): not beside another test
    void repeated_failed_logins_are_throttled_then_a_wait_lets_the_right_password_in() throws Exception {
        api.signUp("ana", "ana-password");
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/login", Api.credentials("ana", "guess-" + i), null)
                            .status())
                    .isEqualTo(401);
        }
        Api.Response throttled = api.post("/api/login", Api.credentials("ana", "ana-password"), null);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.body().get("error").get("code").asText()).isEqualTo("throttled");
        assertThat(throttled.raw().headers().firstValue("Retry-After")).isPresent();
        Api.Response unknownThrottled = api.post("/api/login", Api.credentials("nobody", "x-password"), null);
        assertThat(unknownThrottled.status())
                .as("unknown names are not throttled yet")
                .isEqualTo(401);

        Thread.sleep(1_100);
        assertThat(api.post("/api/login", Api.credentials("ana", "ana-password"), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void registration_refuses_a_taken_name_in_any_case_and_a_short_password() {
        api.signUp("ana", "ana-password");
        Api.Response taken = api.post("/api/register", Api.credentials("ANA", "other-password"), null);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().get("error").get("code").asText()).isEqualTo("name_taken");
        Api.Response shortPassword = api.post("/api/register", Api.credentials("bob", "short"), null);
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.body().get("error").get("code").asText()).isEqualTo("invalid_password");
    }

    @Test
    void passwords_are_neither_lowercased_nor_trimmed() {
        api.signUp("ana", "Secret-Pass1");
        assertThat(api.post("/api/login", Api.credentials("ana", "secret-pass1"), null)
                        .status())
                .isEqualTo(401);
        assertThat(api.post("/api/login", Api.credentials("ana", " Secret-Pass1"), null)
                        .status())
                .isEqualTo(401);
        assertThat(api.post("/api/login", Api.credentials("Ana", "Secret-Pass1"), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void guests_are_refused_unless_the_server_allows_them() {
        assertThat(api.post("/api/guest", "", null).status()).isEqualTo(403);
        app.close();
        app = Servers.start(data, "--guests", "true");
        api = new Api(app.port());
        Api.Response guest = api.post("/api/guest", "", null);
        assertThat(guest.status()).isEqualTo(200);
        assertThat(guest.body().get("username").asText()).matches("guest-[a-z0-9]{6}");
        Api.Response room = api.post(
                "/api/rooms", "{\"name\":\"mine\"}", guest.body().get("token").asText());
        assertThat(room.status()).as("guests cannot create rooms").isEqualTo(403);
    }

    @Test
    void a_browser_signs_in_with_an_http_only_cookie_that_the_api_accepts() throws Exception {
        api.signUp("ana", "ana-password");
        Api.Response login = api.post("/api/login", Api.credentials("ana", "ana-password"), null);
        String cookie = login.raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("chat_session=")
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Lax")
                .contains("Path=/");
        HttpResponse<String> me = ValidatingHttpClient.wrap(HttpClient.newHttpClient())
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/me"))
                                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"username\":\"ana\"");
    }

    @Test
    void a_post_from_a_foreign_origin_is_refused() throws Exception {
        HttpResponse<String> response = ValidatingHttpClient.wrap(HttpClient.newHttpClient())
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/register"))
                                .header("Origin", "https://evil.example")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        Api.credentials("mallory", "mallory-password")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(api.post("/api/login", Api.credentials("mallory", "mallory-password"), null)
                        .status())
                .as("nothing was registered")
                .isEqualTo(401);
    }

    @Test
    void a_body_over_64_kib_is_refused_with_413() {
        String huge = "{\"username\":\"ana\",\"password\":\"" + "p".repeat(70_000) + "\"}";
        Api.Response refused = api.post("/api/register", huge, null);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.body().get("error").get("code").asText()).isEqualTo("too_large");
        assertThat(api.get("/healthz", null).status()).isEqualTo(200);
    }

    @Test
    void the_api_refuses_requests_without_a_session() {
        assertThat(api.get("/api/me", null).status()).isEqualTo(401);
        assertThat(api.get("/api/rooms", null).status()).isEqualTo(401);
        assertThat(api.get("/healthz", null).status()).isEqualTo(200);
        assertThat(api.get("/readyz", null).status()).isEqualTo(200);
    }

    @Test
    void a_page_can_ask_whether_it_is_signed_in_without_an_error() {
        Api.Response signedOut = api.get("/api/session", null);
        assertThat(signedOut.status()).isEqualTo(200);
        assertThat(signedOut.body().get("signedIn").asBoolean()).isFalse();
        assertThat(signedOut.body().has("username")).isFalse();

        String token = api.signUp("ana", "ana-password");
        Api.Response signedIn = api.get("/api/session", token);
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.body().get("signedIn").asBoolean()).isTrue();
        assertThat(signedIn.body().get("username").asText()).isEqualTo("ana");
        assertThat(signedIn.body().get("guest").asBoolean()).isFalse();

        api.post("/api/logout", "", token);
        assertThat(api.get("/api/session", token).body().get("signedIn").asBoolean())
                .isFalse();
    }
}
