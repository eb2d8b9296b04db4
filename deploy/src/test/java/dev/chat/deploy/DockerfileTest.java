package dev.chat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

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

    /**
     * The image's {@code RUN} that makes the class-data archive, run here as written (its paths moved to the jar
     * this build made and a temporary folder), then the entrypoint's JVM options with {@code -Xshare:on}, which
     * refuses to start without the archive mapped: the server's classes come from it.
     */
    @Test
    void the_class_data_archive_the_image_makes_with_warm_up_is_the_one_its_entrypoint_maps(@TempDir Path tmp)
            throws Exception {
        Dockerfile last = dockerfile.finalStage();
        String make = last.all("RUN").stream()
                .filter(r -> r.contains("-XX:ArchiveClassesAtExit="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no RUN makes a class-data archive"));
        String archive = make.replaceAll(".*-XX:ArchiveClassesAtExit=(\\S+).*", "$1");
        List<String> entrypoint = new Yaml().load(last.all("ENTRYPOINT").get(0));
        assertThat(entrypoint)
                .as("the entrypoint maps the archive the image made")
                .contains("-XX:SharedArchiveFile=" + archive);
        assertThat(make).as("made by the jar the image runs").contains("-jar /app/chat-app.jar warm-up");

        Path jar = Template.repo().resolve("chat-app/target/chat-app.jar");
        Path here = tmp.resolve("chat-app.jsa");
        List<String> made = new ArrayList<>(List.of(make.replace("/app/chat-app.jar", jar.toString())
                .replace(archive, here.toString())
                .split("\\s+")));
        made.set(0, java());
        assertThat(run(made, tmp)).contains("Warmed up");
        assertThat(here).exists();

        List<String> start = new ArrayList<>();
        start.add(java());
        start.add("-Xshare:on");
        start.add("-Xlog:class+load=info");
        for (String option : entrypoint.subList(1, entrypoint.indexOf("-jar"))) {
            start.add(option.replace(archive, here.toString()));
        }
        start.addAll(List.of("-jar", jar.toString(), "--help"));
        assertThat(run(start, tmp))
                .as("the server's classes load from the archive")
                .contains("dev.chat.app.Config source: shared objects file (top)");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String run(List<String> command, Path dir) throws Exception {
        Path output = dir.resolve("output.txt");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " ran for more than 60 s");
        }
        String out = Files.readString(output);
        assertThat(process.exitValue()).as(command + " printed:\n" + out).isZero();
        return out;
    }
}
