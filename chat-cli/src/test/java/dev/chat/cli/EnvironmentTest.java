package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    @Test
    void NO_COLOR_set_to_anything_but_the_empty_string_turns_colour_off() {
        assertThat(with(Map.of()).colour()).isTrue();
        assertThat(with(Map.of("NO_COLOR", "")).colour()).as("empty").isTrue();
        assertThat(with(Map.of("NO_COLOR", "1")).colour()).isFalse();
        assertThat(with(Map.of("NO_COLOR", "0")).colour())
                .as("any value counts")
                .isFalse();
        assertThat(with(Map.of("NO_COLOR", " ")).colour())
                .as("a space is not empty")
                .isFalse();
    }

    private static Environment with(Map<String, String> variables) {
        return new Environment(variables, new ByteArrayInputStream(new byte[0]), true, () -> {
            throw new AssertionError("no terminal");
        });
    }
}
