package it.rete.audit.export;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes rows of named columns as CSV (RFC 4180, header line first) or JSON Lines (one object per line). */
abstract class RowWriter {

    protected final PrintWriter out;
    protected final List<String> columns;

    RowWriter(PrintWriter out, List<String> columns) {
        this.out = out;
        this.columns = columns;
    }

    static RowWriter of(ExportFormat format, PrintWriter out, List<String> columns) {
        return format == ExportFormat.csv ? new Csv(out, columns) : new Jsonl(out, columns);
    }

    /** {@code values} in the order of the columns; null for an empty value. */
    abstract void row(List<Object> values);

    void finish() {
        out.flush();
    }

    static final class Csv extends RowWriter {
        Csv(PrintWriter out, List<String> columns) {
            super(out, columns);
            out.print(String.join(",", columns));
            out.print("\r\n");
        }

        @Override
        void row(List<Object> values) {
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                Object value = values.get(i);
                if (value != null) {
                    line.append(escape(value.toString()));
                }
            }
            out.print(line.append("\r\n"));
        }

        static String escape(String value) {
            if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0
                    && value.indexOf('\r') < 0) {
                return value;
            }
            return '"' + value.replace("\"", "\"\"") + '"';
        }
    }

    static final class Jsonl extends RowWriter {
        private static final ObjectMapper JSON = new ObjectMapper();

        Jsonl(PrintWriter out, List<String> columns) {
            super(out, columns);
        }

        @Override
        void row(List<Object> values) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                object.put(columns.get(i), values.get(i));
            }
            try {
                out.print(JSON.writeValueAsString(object));
                out.print('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
