package it.rete.cabina.indicators;

import java.util.List;
import java.util.Map;

/**
 * One indicator table, the unit of the JSON API, the page and the CSV export. Before {@link Suppression} the
 * numeric values are raw numbers; after it they are {@link Cell}s.
 *
 * @param name the table's name (also its CSV file name)
 * @param columns its columns, in order
 * @param rows one map per row, keyed by column key
 */
public record Table(String name, List<Column> columns, List<Map<String, Object>> rows) {

    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public Column column(String key) {
        return columns.stream().filter(c -> c.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no column " + key));
    }
}
