package dev.chat.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Username;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar chat-app.jar admin ...}: the operator makes the accounts the admin list may make admins. */
class OperatorCommandTest {

    @TempDir
    Path data;

    private record Run(int code, String out, String err) {}

    private Run admin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = data.toString();
        int code = OperatorCommand.run(
                all,
                Map.of("CHAT_ADMINS", "root,ana"),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Principal signIn(String user, String password) throws Exception {
        try (ChatApplication app = ChatApplication.start(Config.load(
                new String[] {"--port", "0", "--data-dir", data.toString(), "--admins", "root,ana"}, Map.of()))) {
            return app.core().accounts().login(user, password).principal();
        }
    }

    @Test
    void create_makes_an_account_the_admin_list_turns_into_an_admin() throws Exception {
        Run created = admin("root-password\n", "create", "root");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created root. It is an admin: --admins names it.");
        assertThat(signIn("root", "root-password").admin()).isTrue();

        Run again = admin("other-password\n", "create", "root");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("chat: The name 'root' is taken.\n");
    }

    @Test
    void vouch_makes_a_registered_account_an_admin_and_reset_prints_a_one_time_link() throws Exception {
        try (ChatApplication app = ChatApplication.start(
                Config.load(new String[] {"--port", "0", "--data-dir", data.toString()}, Map.of()))) {
            app.core().accounts().register(Username.of("ana"), new Password("ana-password"));
        }
        assertThat(signIn("ana", "ana-password").admin())
                .as("registered by anyone")
                .isFalse();
        assertThat(admin("", "vouch", "ana").code()).isZero();
        assertThat(signIn("ana", "ana-password").admin()).isTrue();

        Run reset = admin("", "reset", "ana");
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(reset.out())
                .contains("One-time password reset for ana")
                .contains("http://localhost:8080/#reset=ana.");
        assertThat(admin("", "vouch", "nobody").err()).isEqualTo("chat: There is no user named 'nobody'.\n");
    }

    @Test
    void create_with_a_reset_link_needs_no_password_typed_and_prints_the_link_to_choose_one() {
        Run created = admin("", "create", "root", "--reset-link", "--public-url", "https://chat.example.com");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created root.").contains("https://chat.example.com/#reset=root.");
    }

    @Test
    void a_wrong_command_is_a_usage_error() {
        assertThat(admin("", "promote", "root").code()).isEqualTo(2);
        assertThat(admin("", "create").code()).isEqualTo(2);
    }
}
