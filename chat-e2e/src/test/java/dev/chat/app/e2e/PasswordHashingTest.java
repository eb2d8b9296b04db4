package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each password hash costs is the operator's setting ({@code --argon2-memory}, {@code --argon2-passes}): changing
 * it locks nobody out, and a server set below OWASP's minimum says so when it starts.
 */
class PasswordHashingTest {

    @TempDir
    Path data;

    private ChatApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void passwords_set_at_one_cost_still_sign_in_after_the_server_is_restarted_at_another() {
        app = Servers.start(data, Servers.REAL_HASHING.toArray(String[]::new));
        new Api(app.port()).signUp("ana", "ana-password");
        app.close();

        app = Servers.start(data, Servers.LIGHT_HASHING.toArray(String[]::new));
        assertSignsInAndRefusesAWrongPassword("ana", "set at the real cost");
        new Api(app.port()).signUp("bob", "bob-password");
        app.close();

        app = Servers.start(data, Servers.REAL_HASHING.toArray(String[]::new));
        assertSignsInAndRefusesAWrongPassword("bob", "set at the light cost");
        assertSignsInAndRefusesAWrongPassword("ana", "set at the real cost");
    }

    /** {@code name}, whose password is {@code name-password}, signs in to {@link #app}; a wrong password does not. */
    private void assertSignsInAndRefusesAWrongPassword(String name, String howSet) {
        Api api = new Api(app.port());
        assertThat(api.login(name, name + "-password")).as(name + ", " + howSet).isNotBlank();
        assertThat(api.post("/api/login", Api.credentials(name, "not-the-password"), null)
                        .status())
                .as(name + " with a wrong password")
                .isEqualTo(401);
    }

    @Test
    void a_server_hashing_below_owasps_minimum_warns_at_start_and_one_at_the_default_does_not() {
        List<String> light = Servers.warningsOfAStart(data, Servers.LIGHT_HASHING.toArray(String[]::new));
        assertThat(light)
                .singleElement()
                .asString()
                .contains("below OWASP's minimum")
                .contains("--argon2-memory 64 KiB")
                .contains("--argon2-passes 1");

        assertThat(Servers.warningsOfAStart(data, Servers.REAL_HASHING.toArray(String[]::new)))
                .noneMatch(line -> line.contains("OWASP"));
    }
}
