package it.rete.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class RowWriterTest {

    @Test
    void csvQuotesWhatNeedsQuoting() {
        StringWriter text = new StringWriter();
        RowWriter csv = RowWriter.of(ExportFormat.csv, new PrintWriter(text), List.of("a", "b", "c"));
        csv.row(Arrays.asList("plain", "with,comma", "with \"quote\""));
        csv.row(Arrays.asList(null, 42, "x"));
        csv.finish();
        assertThat(text.toString()).isEqualTo("a,b,c\r\nplain,\"with,comma\",\"with \"\"quote\"\"\"\r\n,42,x\r\n");
    }

    @Test
    void jsonlWritesOneObjectPerRow() {
        StringWriter text = new StringWriter();
        RowWriter jsonl = RowWriter.of(ExportFormat.jsonl, new PrintWriter(text), List.of("a", "n"));
        jsonl.row(Arrays.asList("x\"y", 7));
        jsonl.row(Arrays.asList(null, 8));
        jsonl.finish();
        assertThat(text.toString()).isEqualTo("{\"a\":\"x\\\"y\",\"n\":7}\n{\"a\":null,\"n\":8}\n");
    }
}
