package it.rete.cabina.indicators;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import it.rete.cabina.CabinaProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one place where small groups are hidden. Every table leaves the service through {@link #apply}: a count below
 * k, and a rate or statistic computed over fewer than k observations, become {@code "<k"}. The JSON API, the page
 * and the CSV export all show what this returns, so no view can single out a person.
 */
@Component
public class Suppression {

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
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> rawRow : raw.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Column column : raw.columns()) {
                Object value = rawRow.get(column.key());
                row.put(column.key(), switch (column.kind()) {
                    case LABEL, TEXT, NUMBER -> value;
                    case COUNT -> count((Number) value);
                    case RATE -> rate((Number) value, (Number) rawRow.get(column.basis()));
                    case STATISTIC -> statistic((Number) value, (Number) rawRow.get(column.basis()));
                });
            }
            rows.add(row);
        }
        return new Table(raw.name(), raw.columns(), rows);
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
