package dev.chat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The pipeline's Test stage can pass: it runs tools/test.sh on an image where what that script installs exists
 * (Debian's chromium and chromium-driver: on CodeBuild's Ubuntu images Chromium is only a snap), with the JDK the
 * build compiles for and the Node the README asks for.
 */
@SuppressWarnings("unchecked")
class PipelineImageTest {

    private final Template pipeline = Template.load("pipeline.yml");

    private Map<String, Object> testEnvironment() {
        return (Map<String, Object>)
                Template.properties(pipeline.resource("TestProject")).get("Environment");
    }

    private static String read(String file) throws Exception {
        return Files.readString(Template.repo().resolve(file));
    }

    @Test
    void the_test_stage_runs_on_debian_12_with_node_20_like_ci() throws Exception {
        String image = String.valueOf(testEnvironment().get("Image"));

        assertThat(image)
                .as("a Debian 12 (bookworm) image")
                .contains("bookworm")
                .doesNotContain("aws/codebuild/");
        assertThat(image).as("the Node the README's prerequisites name").contains("node:20");
        assertThat(read("README.md")).contains("Node 20");
        assertThat(testEnvironment().get("ImagePullCredentialsType"))
                .as("a public image, pulled by CodeBuild")
                .isEqualTo("CODEBUILD");
    }

    @Test
    void the_test_buildspec_installs_the_jdk_the_build_wants_and_runs_the_readme_s_test_command() throws Exception {
        Map<String, Object> spec = new Yaml().load(read("deploy/buildspec-test.yml"));
        Map<String, Object> phases = (Map<String, Object>) spec.get("phases");
        Map<String, Object> install = (Map<String, Object>) phases.get("install");
        Map<String, Object> build = (Map<String, Object>) phases.get("build");

        assertThat(install)
                .as("runtime-versions exist on CodeBuild's own images only")
                .doesNotContainKey("runtime-versions");
        assertThat(String.join("\n", (List<String>) install.get("commands"))).contains("openjdk-17-jdk-headless");
        assertThat(read("pom.xml")).contains("<release>17</release>");
        assertThat((List<String>) build.get("commands")).containsExactly("tools/test.sh");
    }

    @Test
    void what_tools_test_sh_installs_is_installed_with_debian_s_apt_under_debian_s_names() throws Exception {
        String script = read("tools/test.sh");

        assertThat(script).contains("apt-get install");
        for (String debianName : List.of("redis-server", "nginx", "chromium", "chromium-driver", "faketime", "curl")) {
            assertThat(script).as(debianName).contains("missing=\"$missing " + debianName + "\"");
        }
    }
}
