package it.rete.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class TimeConverterTest {

    private final TimeConverter converter = new TimeConverter();

    @Test
    void readsTheIsoFormsAnAuditorTypes() {
        assertThat(converter.convert("2026-11-23T10:15:30Z")).isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));
        assertThat(converter.convert("2026-11-23T11:15:30+01:00")).isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));
        assertThat(converter.convert("2026-11-23")).isEqualTo(LocalDate.of(2026, 11, 23)
                .atStartOfDay(ZoneId.systemDefault()).toInstant());
    }

    @Test
    void refusesAnythingElse() {
        assertThatThrownBy(() -> converter.convert("23/11/2026")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'23/11/2026' is not a time");
    }
}
