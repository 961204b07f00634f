package it.rete.cabina.api;

import it.rete.cabina.indicators.IndicatorQueries;

class UnknownTableException extends RuntimeException {

    UnknownTableException(String table) {
        super("No table '" + table + "'; tables: " + String.join(", ", IndicatorQueries.tableNames()));
    }
}
