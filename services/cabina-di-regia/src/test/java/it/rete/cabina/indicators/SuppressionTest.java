package it.rete.cabina.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SuppressionTest {

    final Suppression k5 = new Suppression(5);

    @Test
    void countsBelowKAreHiddenIncludingZero() {
        assertThat(k5.count(4L)).isEqualTo(Cell.hidden("<5"));
        assertThat(k5.count(0L)).isEqualTo(Cell.hidden("<5"));
        assertThat(k5.count(null)).isEqualTo(Cell.hidden("<5"));
        assertThat(k5.count(5L)).isEqualTo(Cell.shown(5L, "5"));
        assertThat(new Suppression(3).count(3)).isEqualTo(Cell.shown(3L, "3"));
        assertThat(new Suppression(3).count(2)).isEqualTo(Cell.hidden("<3"));
    }

    @Test
    void ratesAndStatisticsOverFewerThanKObservationsAreHidden() {
        assertThat(k5.rate(0.8, 4L)).isEqualTo(Cell.hidden("<5"));
        assertThat(k5.rate(0.625, 8L)).isEqualTo(Cell.shown(new BigDecimal("0.6250"), "62.5%"));
        assertThat(k5.rate(null, 8L)).isEqualTo(Cell.hidden("<5"));
        assertThat(k5.statistic(9.2, 4L)).isEqualTo(Cell.hidden("<5"));
        assertThat(k5.statistic(55.2, 8L)).isEqualTo(Cell.shown(new BigDecimal("55.2"), "55.2"));
        assertThat(k5.statistic(6.04, 5L).display()).isEqualTo("6.0");
    }

    @Test
    void everyNumericColumnOfATableGoesThroughTheRulesAndLabelsStayAsTheyAre() {
        Map<String, Object> row = new HashMap<>();
        row.put("partner", "lule-outreach");
        row.put("answered", 3L);
        row.put("sent", 7L);
        row.put("rate", 0.66);
        row.put("median", 12.0);
        row.put("days", 2L);
        Table raw = new Table("t", List.of(Column.label("partner"), Column.count("answered"), Column.count("sent"),
                Column.rate("rate", "answered"), Column.statistic("median", "sent"), Column.number("days")),
                List.of(row));
        Map<String, Object> shown = k5.apply(raw).rows().get(0);
        assertThat(shown.get("partner")).isEqualTo("lule-outreach");
        assertThat(shown.get("answered")).isEqualTo(Cell.hidden("<5"));
        assertThat(shown.get("sent")).isEqualTo(Cell.shown(7L, "7"));
        assertThat(shown.get("rate")).isEqualTo(Cell.hidden("<5"));
        assertThat(((Cell) shown.get("median")).display()).isEqualTo("12.0");
        assertThat(shown.get("days")).isEqualTo(2L);
    }

    @Test
    void kMustBePositive() {
        assertThatThrownBy(() -> new Suppression(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
