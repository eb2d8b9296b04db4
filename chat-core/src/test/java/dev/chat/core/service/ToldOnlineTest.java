package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Username;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each presence change is news once, and after a possible loss the differences from the truth are what to tell. */
class ToldOnlineTest {

    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");
    private static final Username CAL = new Username("cal");

    @Test
    void a_change_is_news_once() {
        ToldOnline told = new ToldOnline();
        told.startFrom(List.of(ANA));

        assertThat(told.change(BOB, true)).isTrue();
        assertThat(told.change(BOB, true)).as("told already").isFalse();
        assertThat(told.change(ANA, false)).isTrue();
        assertThat(told.change(ANA, false)).isFalse();
        assertThat(told.sorted()).containsExactly(BOB);
    }

    @Test
    void the_first_list_learned_is_the_start_and_a_later_one_does_not_replace_it() {
        ToldOnline told = new ToldOnline();
        assertThat(told.known()).isFalse();

        told.startFrom(List.of(BOB, ANA));
        told.startFrom(List.of(CAL));

        assertThat(told.known()).isTrue();
        assertThat(told.sorted()).containsExactly(ANA, BOB);
    }

    @Test
    void the_differences_from_the_truth_are_who_left_then_who_came() {
        ToldOnline told = new ToldOnline();
        told.startFrom(List.of(ANA, BOB));

        assertThat(told.differences(List.of(BOB, CAL)))
                .containsExactly(new ToldOnline.Change(ANA, false), new ToldOnline.Change(CAL, true));
        assertThat(told.differences(List.of(ANA, BOB))).isEmpty();
    }
}
