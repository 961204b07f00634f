package it.rete.cabina.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import it.rete.contracts.Sector;
import org.junit.jupiter.api.Test;

class FiltersTest {

    static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @Test
    void parsesEveryFilterAndDefaultsTheInterval() {
        Filters filters = Filters.parse(Map.of("from", "2025-03-01", "to", "2025-03-31", "territory", " Sermide ",
                "sector", "agriculture", "partner", "lule-outreach", "serviceType", "HOUSING"));
        assertThat(filters.from()).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(filters.territory()).isEqualTo("Sermide");
        assertThat(filters.sector()).isEqualTo(Sector.AGRICULTURE);
        assertThat(filters.interval()).isEqualTo(Filters.Interval.MONTH);
        assertThat(Filters.parse(filters.asParameters())).isEqualTo(filters);
    }

    @Test
    void periodDaysAreDaysOfTheZoneAndTheLastDayIsIncluded() {
        Filters march = Filters.parse(Map.of("from", "2025-03-01", "to", "2025-03-31"));
        assertThat(march.fromInstant(ROME)).isEqualTo(Instant.parse("2025-02-28T23:00:00Z"));
        // summer time starts on 30 March
        assertThat(march.toExclusiveInstant(ROME)).isEqualTo(Instant.parse("2025-03-31T22:00:00Z"));
        assertThat(Filters.none().fromInstant(ROME)).isNull();
    }

    @Test
    void everyBadParameterIsReportedAtOnce() {
        Map<String, String> bad = new HashMap<>(Map.of("from", "01/03/2025", "sector", "MINING", "partner", "Not OK",
                "interval", "YEAR", "intakeChannel", "x", "serviceType", "y", "colour", "red"));
        assertThatThrownBy(() -> Filters.parse(bad)).isInstanceOfSatisfying(InvalidFilterException.class,
                e -> assertThat(e.errors()).containsOnlyKeys("from", "sector", "partner", "interval",
                        "intakeChannel", "serviceType", "colour"));
        assertThatThrownBy(() -> Filters.parse(Map.of("from", "2025-04-01", "to", "2025-03-01")))
                .isInstanceOfSatisfying(InvalidFilterException.class,
                        e -> assertThat(e.errors()).containsOnlyKeys("to"));
        assertThatThrownBy(() -> Filters.parse(Map.of("territory", "x".repeat(101))))
                .isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void blankValuesMeanNoFilter() {
        assertThat(Filters.parse(Map.of("territory", "", "from", " "))).isEqualTo(Filters.none());
    }
}
