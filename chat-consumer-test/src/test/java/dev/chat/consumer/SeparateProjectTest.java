package dev.chat.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chat as someone else's Maven project meets it: a project of its own (src/it/consumer) that names chat-bom,
 * chat-core, chat-adapters-sqlite, chat-adapters-netty and chat-client by their coordinates alone, built by the
 * repository's Maven wrapper offline against a repository of its own (target/consumer-repo, into which this build
 * installed its artifacts), then run.
 */
class SeparateProjectTest {

    private static final String VERSION = property("chat.version");
    private static final Path REPO = Path.of(property("consumer.repo"));
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    /** Each library artifact and the module name its jar declares. */
    private static final Map<String, String> LIBRARIES = Map.of(
            "chat-core", "dev.chat.core",
            "chat-testkit", "dev.chat.testkit",
            "chat-adapters-sqlite", "dev.chat.adapters.sqlite",
            "chat-adapters-dynamodb", "dev.chat.adapters.dynamodb",
            "chat-adapters-redis", "dev.chat.adapters.redis",
            "chat-adapters-netty", "dev.chat.adapters.netty",
            "chat-client", "dev.chat.client");

    @Test
    void a_separate_project_builds_on_the_installed_artifacts_and_its_chat_carries_a_message() throws Exception {
        Path project = copyOfTheProject();

        Run build = run(
                project,
                180,
                property("chat.wrapper"),
                "-B",
                "--offline",
                // The chat's artifacts only from the project's own repository; Maven's plugins (read only, not
                // copied) from the build's, which Maven 3.9 consults after it.
                "-Dmaven.repo.local=" + REPO,
                "-Dmaven.repo.local.tail=" + property("build.repo"),
                "-Dmaven.repo.local.tail.ignoreAvailability=true",
                "-Dmdep.outputFile=classpath.txt",
                "compile",
                "org.apache.maven.plugins:maven-dependency-plugin:" + property("maven-dependency-plugin.version")
                        + ":build-classpath");
        assertThat(build.exitCode()).as(build.output()).isZero();

        List<String> classpath =
                List.of(Files.readString(project.resolve("classpath.txt")).split(File.pathSeparator));
        // Resolved by coordinates from the separate repository, not from this build's module folders.
        for (String artifact : List.of("chat-core", "chat-adapters-sqlite", "chat-adapters-netty", "chat-client")) {
            assertThat(classpath).contains(jar(artifact).toString());
        }

        Run program = run(
                project,
                60,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                QUICK_START,
                "-cp",
                project.resolve("target/classes") + File.pathSeparator + String.join(File.pathSeparator, classpath),
                "com.example.chat.ChatWithClient",
                project.resolve("data").toString());
        assertThat(program.exitCode()).as(program.output()).isZero();
        assertThat(program.output())
                .as(program.output())
                .contains("joined general, online: [ana]")
                .contains("live #1 ana: Hello from another project!")
                .contains("history #1 ana: Hello from another project!")
                .doesNotContain("no answer within 10 s");
        assertThat(project.resolve("data/chat.db")).as("the SQLite file").isNotEmptyFile();
    }

    @Test
    void every_library_jar_names_its_module_and_every_pom_the_licence() throws IOException {
        for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
            try (JarFile jar = new JarFile(jar(library.getKey()).toFile())) {
                assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                        .as(library.getKey())
                        .isEqualTo(library.getValue());
            }
            // The licence comes from the parent, as the installed POM names it.
            assertThat(Files.readString(pom(library.getKey())))
                    .as(library.getKey())
                    .contains("<artifactId>chat-parent</artifactId>");
        }
        assertThat(Files.readString(pom("chat-parent"))).contains("<name>Apache-2.0</name>");
        assertThat(Files.readString(pom("chat-bom"))).contains("<name>Apache-2.0</name>");
    }

    /** A fresh copy of src/it/consumer under target/, its POM given this build's versions. */
    private static Path copyOfTheProject() throws IOException {
        Path source = Path.of(property("consumer.source"));
        Path project = Path.of(property("consumer.dir"));
        deleteTree(project);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = project.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        String pom = Files.readString(project.resolve("pom.xml"));
        for (String name : List.of(
                "chat.version",
                "maven-resources-plugin.version",
                "maven-compiler-plugin.version",
                "maven-dependency-plugin.version")) {
            pom = pom.replace("@" + name + "@", property(name));
        }
        Files.writeString(project.resolve("pom.xml"), pom);
        // A root of its own: the repository's .mvn/maven.config (if any) is not this project's.
        Files.createDirectories(project.resolve(".mvn"));
        return project;
    }

    private static Path jar(String artifact) {
        return REPO.resolve("dev/chat/" + artifact + "/" + VERSION + "/" + artifact + "-" + VERSION + ".jar");
    }

    private static Path pom(String artifact) {
        return REPO.resolve("dev/chat/" + artifact + "/" + VERSION + "/" + artifact + "-" + VERSION + ".pom");
    }

    record Run(int exitCode, String output) {}

    private static Run run(Path directory, int seconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(directory, "run", ".log");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // Short-lived JVMs (Maven's, the program's) start sooner without the optimising compiler.
        builder.environment().put("MAVEN_OPTS", QUICK_START);
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Run(-1, "timed out after " + seconds + " s:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run this test through Maven (chat-consumer-test)");
        }
        return value;
    }
}
