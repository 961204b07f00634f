package it.rete.cabina.export;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import it.rete.cabina.indicators.Cell;
import it.rete.cabina.indicators.Column;
import it.rete.cabina.indicators.Table;

/** RFC 4180 text of a suppressed table: a header of column keys, then one line per row, numbers as displayed. */
public final class Csv {

    private Csv() {
    }

    public static String of(Table table) {
        StringBuilder csv = new StringBuilder();
        csv.append(table.columns().stream().map(Column::key).map(Csv::field).collect(Collectors.joining(",")))
                .append("\r\n");
        for (Map<String, Object> row : table.rows()) {
            List<String> fields = table.columns().stream().map(column -> field(text(row.get(column.key()))))
                    .toList();
            csv.append(String.join(",", fields)).append("\r\n");
        }
        return csv.toString();
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Cell cell) {
            return cell.display();
        }
        return value.toString();
    }

    static String field(String value) {
        // a spreadsheet would run a field starting like a formula: keep it text
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.]+")
                ? "'" + value : value;
        return safe.matches(".*[\",\r\n].*") || safe.contains("\n")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
