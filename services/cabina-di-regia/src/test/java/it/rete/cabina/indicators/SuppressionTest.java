package it.rete.cabina.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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
                Column.rate("rate", "sent", "answered"), Column.statistic("median", "sent"), Column.number("days")),
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
    void aHiddenPartOfARowTotalTakesTheSmallestShownPartWithIt() {
        Map<String, Object> row = new HashMap<>(Map.of("sent", 24L, "accepted", 10L, "declined", 6L,
                "withdrawn", 5L, "pending", 3L, "answered", 16L, "acceptanceRate", 0.625));
        Table raw = new Table("funnel", List.of(Column.total("sent", "accepted", "declined", "withdrawn", "pending"),
                Column.count("accepted"), Column.count("declined"), Column.count("withdrawn"), Column.count("pending"),
                Column.total("answered", "accepted", "declined"), Column.rate("acceptanceRate", "accepted", "answered")),
                List.of(row));
        Map<String, Object> shown = k5.apply(raw).rows().get(0);
        // 24 - 10 - 6 - 5 would give the 3 pending away
        assertThat(shown.get("pending")).isEqualTo(Cell.hidden("<5"));
        assertThat(shown.get("withdrawn")).isEqualTo(Cell.hidden(Suppression.COMPLEMENTARY_DISPLAY));
        assertThat(shown.get("sent")).isEqualTo(Cell.shown(24L, "24"));
        assertThat(shown.get("accepted")).isEqualTo(Cell.shown(10L, "10"));
        assertThat(shown.get("declined")).isEqualTo(Cell.shown(6L, "6"));
        assertThat(((Cell) shown.get("acceptanceRate")).display()).isEqualTo("62.5%");
    }

    @Test
    void aHiddenCellOfABreakdownTakesTheSmallestShownCellOfItsColumnWithIt() {
        Table raw = new Table("decline-reasons", List.of(Column.label("reasonCode"), Column.count("declined")),
                List.of(Map.of("reasonCode", "A", "declined", 7L), Map.of("reasonCode", "B", "declined", 2L),
                        Map.of("reasonCode", "C", "declined", 9L)));
        List<Map<String, Object>> shown = k5.apply(raw).rows();
        // the total of declines is on the headline: 18 - 7 - 9 would give the 2 away
        assertThat(shown.get(0).get("declined")).isEqualTo(Cell.hidden(Suppression.COMPLEMENTARY_DISPLAY));
        assertThat(shown.get(1).get("declined")).isEqualTo(Cell.hidden("<5"));
        assertThat(shown.get(2).get("declined")).isEqualTo(Cell.shown(9L, "9"));
    }

    @Test
    void complementsSpreadUntilNoSumHasASingleHiddenCell() {
        // rows: two partners; columns: total and its two parts. Hiding b's 3 pulls in a's 6 in the row, then the
        // column of those 6 and 3 ... until every sum (row or column) hides none or at least two cells.
        Table raw = new Table("workload", List.of(Column.label("partner"),
                Column.total("open", "waiting", "working"), Column.count("waiting"), Column.count("working")),
                List.of(Map.of("partner", "a", "open", 16L, "waiting", 10L, "working", 6L),
                        Map.of("partner", "b", "open", 12L, "waiting", 9L, "working", 3L),
                        Map.of("partner", "c", "open", 20L, "waiting", 12L, "working", 8L)));
        Table shown = k5.apply(raw);
        Set<Suppression.Position> hidden = k5.hiddenCounts(raw);
        assertThat(hidden).contains(new Suppression.Position(1, "working"));
        for (int r = 0; r < 3; r++) {
            int row = r;
            long inRow = Stream.of("open", "waiting", "working").filter(c -> hidden.contains(
                    new Suppression.Position(row, c))).count();
            assertThat(inRow).as("hidden cells of row " + r).isNotEqualTo(1);
        }
        for (String column : List.of("open", "waiting", "working")) {
            long inColumn = Stream.of(0, 1, 2).filter(r -> hidden.contains(new Suppression.Position(r, column)))
                    .count();
            assertThat(inColumn).as("hidden cells of column " + column).isNotEqualTo(1);
        }
        assertThat(shown.rows().get(1).get("working")).isEqualTo(Cell.hidden("<5"));
        assertThat(hidden).allSatisfy(p -> assertThat(((Cell) shown.rows().get(p.row()).get(p.column())).suppressed())
                .isTrue());
    }

    @Test
    void aRateIsHiddenWithItsHiddenNumeratorOrBasis() {
        Table raw = new Table("by-partner", List.of(Column.label("partner"), Column.count("accepted"),
                Column.total("answered", "accepted", "declined"), Column.count("declined"),
                Column.rate("acceptanceRate", "accepted", "answered")),
                List.of(Map.of("partner", "a", "accepted", 8L, "answered", 10L, "declined", 2L, "acceptanceRate", 0.8),
                        Map.of("partner", "b", "accepted", 30L, "answered", 36L, "declined", 6L,
                                "acceptanceRate", 30.0 / 36)));
        Map<String, Object> a = k5.apply(raw).rows().get(0);
        assertThat(a.get("declined")).isEqualTo(Cell.hidden("<5"));
        // answered 10 - accepted 8 would give the 2 declined away, and so would 10 x 80%
        assertThat(a.get("answered")).isEqualTo(Cell.shown(10L, "10"));
        assertThat(a.get("accepted")).isEqualTo(Cell.hidden(Suppression.COMPLEMENTARY_DISPLAY));
        assertThat(a.get("acceptanceRate")).isEqualTo(Cell.hidden(Suppression.COMPLEMENTARY_DISPLAY));
    }

    @Test
    void aBreakdownIsTheRowsSharingEveryLabelButTheLast() {
        // response times by measure and partner: each measure's total row is the sum of its partners' rows
        Table raw = new Table("response-times", List.of(Column.label("measure"), Column.label("partner"),
                Column.count("observations")),
                List.of(Map.of("measure", "ANSWER", "partner", "ALL", "observations", 8L),
                        Map.of("measure", "ANSWER", "partner", "cpi", "observations", 3L),
                        Map.of("measure", "ANSWER", "partner", "ngo", "observations", 5L),
                        Map.of("measure", "PLACEMENT", "partner", "ALL", "observations", 5L)));
        assertThat(Suppression.breakdowns(raw)).containsExactly(List.of(0, 1, 2), List.of(3));
        List<Map<String, Object>> shown = k5.apply(raw).rows();
        assertThat(shown.get(1).get("observations")).isEqualTo(Cell.hidden("<5"));
        // 8 - 5 would give the 3 away; the 5 of the other measure would not protect it
        assertThat(shown.get(2).get("observations")).isEqualTo(Cell.hidden(Suppression.COMPLEMENTARY_DISPLAY));
        assertThat(shown.get(3).get("observations")).isEqualTo(Cell.shown(5L, "5"));
        assertThat(shown.get(0).get("observations")).isEqualTo(Cell.shown(8L, "8"));
    }

    @Test
    void kMustBePositive() {
        assertThatThrownBy(() -> new Suppression(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
