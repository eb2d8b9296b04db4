package dev.chat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of {@code deploy/monitoring/alerts.yml}: valid for Prometheus, each one unit-tested by
 * {@code promtool test rules} (Debian's {@code prometheus} package brings {@code promtool}; the README's test command
 * installs it), firing when it should and not before, and each with its runbook line in {@code docs/operations.md}.
 */
class MonitoringRulesTest {

    private static final Path MONITORING = Template.repo().resolve("deploy/monitoring");

    @Test
    void the_rules_are_valid() throws IOException, InterruptedException {
        String output = promtool("check", "rules", "alerts.yml");
        assertThat(output).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void every_alert_fires_in_its_unit_test_when_it_should_and_not_before() throws IOException, InterruptedException {
        String output = promtool("test", "rules", "alerts-test.yml");
        assertThat(output).contains("SUCCESS");
        String tests = Files.readString(MONITORING.resolve("alerts-test.yml"));
        for (String alert : alerts()) {
            assertThat(tests).as("alerts-test.yml tests " + alert).contains("alertname: " + alert + "\n");
        }
    }

    @Test
    void every_alert_has_its_runbook_line_in_the_operations_guide() throws IOException {
        String guide = Files.readString(Template.repo().resolve("docs/operations.md"));
        for (String alert : alerts()) {
            assertThat(guide)
                    .as("docs/operations.md says what to do about " + alert)
                    .contains("`" + alert + "`");
        }
    }

    static List<String> alerts() throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s*- alert: (\\w+)$")
                .matcher(Files.readString(MONITORING.resolve("alerts.yml")));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).isNotEmpty();
        return names;
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process run;
        try {
            run = new ProcessBuilder(command)
                    .directory(MONITORING.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IOException("promtool is missing: install Debian's prometheus package (tools/test.sh does)", e);
        }
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        return output;
    }
}
