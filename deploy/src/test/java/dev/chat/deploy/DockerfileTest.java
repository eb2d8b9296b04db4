package dev.chat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The image, checked statically: {@code docker build} cannot run on these machines (no Docker engine), so what
 * can go wrong in the file is asserted here instead.
 */
class DockerfileTest {

    private final Dockerfile dockerfile = Dockerfile.read();

    @Test
    void every_base_image_is_pinned_to_a_version() {
        List<String> images =
                dockerfile.all("FROM").stream().map(f -> f.split("\\s+")[0]).toList();
        assertThat(images)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(image -> assertThat(image)
                        .as("base image %s", image)
                        .matches("[\\w./-]+(:[\\w.-]*\\d[\\w.-]*)(@sha256:[0-9a-f]{64})?|[\\w./-]+@sha256:[0-9a-f]{64}")
                        .doesNotContain(":latest"));
    }

    @Test
    void the_image_runs_as_a_user_other_than_root() {
        List<String> users = dockerfile.finalStage().all("USER");
        assertThat(users).as("USER in the final stage").isNotEmpty();
        assertThat(users.get(users.size() - 1)).isNotIn("root", "0", "0:0", "root:root");
    }

    @Test
    void it_copies_the_jar_maven_builds() throws Exception {
        String pom = Files.readString(Template.repo().resolve("chat-app/pom.xml"));
        assertThat(pom).as("chat-app builds chat-app.jar").contains("<finalName>chat-app</finalName>");
        assertThat(String.join("\n", dockerfile.finalStage().all("COPY"))).contains("chat-app/target/chat-app.jar");
    }

    @Test
    void the_jvm_receives_sigterm_and_knows_it_is_in_a_container() {
        Dockerfile last = dockerfile.finalStage();
        assertThat(last.all("STOPSIGNAL")).containsExactly("SIGTERM");
        List<String> entrypoint = last.all("ENTRYPOINT");
        assertThat(entrypoint)
                .as("exec form, so java is PID 1 and gets the signal")
                .singleElement()
                .satisfies(e -> assertThat(e).startsWith("[").contains("java"));
        assertThat(String.join(" ", last.all("ENV")) + " " + entrypoint.get(0))
                .as("heap sized from the container's memory")
                .contains("MaxRAMPercentage");
    }
}
