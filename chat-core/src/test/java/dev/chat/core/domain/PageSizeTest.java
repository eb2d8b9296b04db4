package dev.chat.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageSizeTest {

    private static final PageSize FIFTY = new PageSize(50);

    @Test
    void a_client_that_names_no_size_gets_the_use_cases_default() {
        assertThat(PageSize.of(null, FIFTY)).isEqualTo(FIFTY);
    }

    @Test
    void what_a_client_asks_for_is_clamped_to_one_to_a_hundred_whatever_the_number() {
        assertThat(PageSize.of(20L, FIFTY).value()).isEqualTo(20);
        assertThat(PageSize.of(0L, FIFTY).value()).isEqualTo(1);
        assertThat(PageSize.of(-7L, FIFTY).value()).isEqualTo(1);
        assertThat(PageSize.of(101L, FIFTY).value()).isEqualTo(PageSize.MOST);
        assertThat(PageSize.of(Long.MAX_VALUE, FIFTY).value()).isEqualTo(PageSize.MOST);
        assertThat(PageSize.of(Long.MIN_VALUE, FIFTY).value()).isEqualTo(1);
        assertThat(PageSize.of(1L + Integer.MAX_VALUE, FIFTY).value()).isEqualTo(PageSize.MOST);
    }

    @Test
    void a_page_made_in_code_is_clamped_too() {
        assertThat(new PageSize(1_000).value()).isEqualTo(PageSize.MOST);
        assertThat(new PageSize(0).value()).isEqualTo(1);
    }
}
