package it.rete.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an instant as an auditor writes it: {@code 2026-11-23T10:15:30Z}, with an offset
 * ({@code 2026-11-23T11:15:30+01:00}), a local date-time or a date (both in the machine's time zone).
 */
public class TimeConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        String text = value.trim();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            // try the other forms
        }
        try {
            return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException notLocal) {
            // try the other forms
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException notDate) {
            throw new TypeConversionException("'" + value + "' is not a time: use ISO-8601, e.g. 2026-11-23T10:15:30Z, "
                    + "2026-11-23T11:15:30+01:00, 2026-11-23T11:15:30 (local) or 2026-11-23");
        }
    }
}
