package dev.chat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every template validates against the CloudFormation resource specification, with npm {@code cfn-lint}
 * pinned in {@code tools/cfn-lint}, offline. Its install step gives it a current specification (see
 * deploy/README.md, "The tests"): the one it bundles is from 2019.
 */
class ValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"cluster.yml", "resources.yml", "chat-service.yml", "pipeline.yml"})
    void the_template_is_valid(String template) throws IOException, InterruptedException {
        Path repo = Template.repo();
        Path cli = repo.resolve("tools/cfn-lint/node_modules/cfn-lint/lib/index.js");
        assertThat(cli)
                .as("cfn-lint is installed (npm ci --prefix tools/cfn-lint; the README's test command does)")
                .isRegularFile();
        Process lint = new ProcessBuilder(
                        "node",
                        cli.toString(),
                        "validate",
                        repo.resolve("deploy/cloudformation").resolve(template).toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("\u001B\\[[0-9;]*m", "");
        assertThat(lint.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).as(output).contains("Template valid!");
        assertThat(lint.exitValue()).as(output).isZero();
    }
}
