package it.rete.cabina.indicators;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import it.rete.cabina.CabinaProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one place where small groups are hidden. Every table leaves the service through {@link #apply}: a count below
 * k, and a rate or statistic computed over fewer than k observations, become {@code "<k"}; the further cells
 * needed so that no hidden count can be worked out from the totals shown become {@code "n.d."} (see
 * {@link #hiddenCounts}). Zero is hidden like any small count, so a hidden cell never tells whether it is empty.
 * The JSON API, the page and the CSV export all show what this returns, so no view can single out a person.
 */
@Component
public class Suppression {

    /** What a cell hidden by complementary suppression shows ("non disponibile"). */
    public static final String COMPLEMENTARY_DISPLAY = "n.d.";

    private final int k;

    @Autowired
    public Suppression(CabinaProperties properties) {
        this(properties.suppressionThreshold());
    }

    Suppression(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("The suppression threshold must be at least 1, not " + k);
        }
        this.k = k;
    }

    public int k() {
        return k;
    }

    public String hiddenDisplay() {
        return "<" + k;
    }

    public Table apply(Table raw) {
        Set<Position> hidden = hiddenCounts(raw);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < raw.rows().size(); r++) {
            Map<String, Object> rawRow = raw.rows().get(r);
            Map<String, Object> row = new LinkedHashMap<>();
            for (Column column : raw.columns()) {
                Object value = rawRow.get(column.key());
                Cell hiddenInput = hiddenCell(hidden, r, column.basis(), rawRow);
                if (hiddenInput == null) {
                    hiddenInput = hiddenCell(hidden, r, column.numerator(), rawRow);
                }
                row.put(column.key(), switch (column.kind()) {
                    case LABEL, TEXT, NUMBER -> value;
                    case COUNT -> hidden.contains(new Position(r, column.key()))
                            ? complementary(count((Number) value)) : count((Number) value);
                    // a rate or statistic shown beside its basis or numerator could give the hidden one away
                    case RATE -> hiddenInput != null ? complementary(hiddenInput)
                            : rate((Number) value, (Number) rawRow.get(column.basis()));
                    case STATISTIC -> hiddenInput != null ? complementary(hiddenInput)
                            : statistic((Number) value, (Number) rawRow.get(column.basis()));
                });
            }
            rows.add(row);
        }
        return new Table(raw.name(), raw.columns(), rows);
    }

    /** How the count {@code key} of row {@code r} is shown when it is hidden; null when it is not hidden. */
    private Cell hiddenCell(Set<Position> hidden, int r, String key, Map<String, Object> rawRow) {
        return key != null && hidden.contains(new Position(r, key)) ? count((Number) rawRow.get(key)) : null;
    }

    /** A cell hidden only to protect another: not a small count, so it does not claim to be one. */
    private Cell complementary(Cell cell) {
        return cell.suppressed() ? cell : Cell.hidden(COMPLEMENTARY_DISPLAY);
    }

    /**
     * The count cells to hide: those below k (primary suppression), then, until none is left, one more cell wherever
     * a sum would otherwise give a hidden cell away (complementary suppression). The sums are a row's total and its
     * parts ({@link Column#parts()}), and each count column of a breakdown ({@link #breakdowns}). A sum with
     * exactly one hidden cell reveals it by subtraction; hiding its smallest shown cell as well prevents that.
     */
    Set<Position> hiddenCounts(Table raw) {
        Map<Position, Long> counts = new LinkedHashMap<>();
        Set<Position> hidden = new HashSet<>();
        for (int r = 0; r < raw.rows().size(); r++) {
            for (Column column : raw.columns()) {
                if (column.kind() == Column.Kind.COUNT) {
                    Number value = (Number) raw.rows().get(r).get(column.key());
                    Position position = new Position(r, column.key());
                    counts.put(position, value == null ? 0 : value.longValue());
                    if (counts.get(position) < k) {
                        hidden.add(position);
                    }
                }
            }
        }
        List<List<Position>> sums = new ArrayList<>();
        for (int r = 0; r < raw.rows().size(); r++) {
            for (Column column : raw.columns()) {
                if (!column.parts().isEmpty()) {
                    List<Position> sum = new ArrayList<>();
                    sum.add(new Position(r, column.key()));
                    for (String part : column.parts()) {
                        sum.add(new Position(r, part));
                    }
                    sums.add(sum);
                }
            }
        }
        for (List<Integer> breakdown : breakdowns(raw)) {
            for (Column column : raw.columns()) {
                if (column.kind() == Column.Kind.COUNT && breakdown.size() > 1) {
                    sums.add(breakdown.stream().map(r -> new Position(r, column.key())).toList());
                }
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (List<Position> sum : sums) {
                if (sum.stream().filter(hidden::contains).count() == 1) {
                    Position complement = sum.stream().filter(p -> !hidden.contains(p))
                            .min(Comparator.comparingLong(counts::get)).orElse(null);
                    if (complement != null) {
                        hidden.add(complement);
                        changed = true;
                    }
                }
            }
        }
        return hidden;
    }

    /**
     * The breakdowns of a table, as lists of row indexes: the rows that share every label but the last, which is
     * what they break down by (cases by territory: all rows; response times by measure and partner: the rows of
     * one measure, its total row among them). Each count column of a breakdown adds up to a total shown elsewhere.
     */
    static List<List<Integer>> breakdowns(Table raw) {
        List<String> labels = raw.columns().stream().filter(c -> c.kind() == Column.Kind.LABEL)
                .map(Column::key).toList();
        if (labels.isEmpty()) {
            return List.of();
        }
        List<String> shared = labels.subList(0, labels.size() - 1);
        Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < raw.rows().size(); r++) {
            Map<String, Object> row = raw.rows().get(r);
            List<Object> key = shared.stream().map(label -> (Object) String.valueOf(row.get(label))).toList();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return List.copyOf(groups.values());
    }

    /** A count cell: row index and column key. */
    record Position(int row, String column) {
    }

    Cell count(Number value) {
        long n = value == null ? 0 : value.longValue();
        return n < k ? Cell.hidden(hiddenDisplay()) : Cell.shown(n, Long.toString(n));
    }

    Cell rate(Number value, Number observations) {
        if (tooFew(observations) || value == null) {
            return Cell.hidden(hiddenDisplay());
        }
        BigDecimal fraction = round(value.doubleValue(), 4);
        return Cell.shown(fraction, fraction.movePointRight(2).setScale(1, RoundingMode.HALF_UP) + "%");
    }

    Cell statistic(Number value, Number observations) {
        if (tooFew(observations) || value == null) {
            return Cell.hidden(hiddenDisplay());
        }
        BigDecimal rounded = round(value.doubleValue(), 1);
        return Cell.shown(rounded, rounded.toPlainString());
    }

    private boolean tooFew(Number observations) {
        return observations == null || observations.longValue() < k;
    }

    private static BigDecimal round(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
    }
}
