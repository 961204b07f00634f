package it.rete.cabina.indicators;

/**
 * A number as every view shows it: {@code value} is null when the cell is suppressed, and {@code display} is what a
 * reader sees ({@code "12"}, {@code "62.5%"}, {@code "<5"}).
 */
public record Cell(Number value, String display, boolean suppressed) {

    public static Cell shown(Number value, String display) {
        return new Cell(value, display, false);
    }

    public static Cell hidden(String display) {
        return new Cell(null, display, true);
    }
}
