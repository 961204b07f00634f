package it.rete.cabina.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import it.rete.cabina.indicators.Cell;
import it.rete.cabina.indicators.Column;
import it.rete.cabina.indicators.Table;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void writesDisplayedCellsWithRfc4180Quoting() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("territory", "Castiglione delle Stiviere, \"centro\"");
        row.put("cases", Cell.hidden("<5"));
        row.put("rate", Cell.shown(0.625, "62.5%"));
        Table table = new Table("t", List.of(Column.label("territory"), Column.count("cases"),
                Column.rate("rate", "cases", "cases")), List.of(row));
        assertThat(Csv.of(table)).isEqualTo("territory,cases,rate\r\n"
                + "\"Castiglione delle Stiviere, \"\"centro\"\"\",<5,62.5%\r\n");
    }

    @Test
    void aFieldThatASpreadsheetWouldRunAsAFormulaStaysText() {
        assertThat(Csv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Csv.field("-3")).isEqualTo("-3");
        assertThat(Csv.field("@sum")).isEqualTo("'@sum");
    }
}
