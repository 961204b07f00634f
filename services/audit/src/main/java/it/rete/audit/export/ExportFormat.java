package it.rete.audit.export;

/** File formats of an export (lowercase: they are typed on the command line). */
public enum ExportFormat {
    csv, jsonl
}
