package it.rete.cabina;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * How the control room shows the network.
 *
 * @param suppressionThreshold k: a cell counting fewer than k (or a statistic over fewer than k observations) is
 *     shown as {@code <k}
 * @param regularEmploymentTarget people in regular work the pilot aims at (IDOL protocol: 15)
 * @param zone the zone of calendar days in period filters and timeline buckets
 * @param liveDebounce at most one live notification per this interval
 */
@Validated
@ConfigurationProperties("rete.cabina")
public record CabinaProperties(@Min(1) int suppressionThreshold, @Min(0) int regularEmploymentTarget,
                               @NotNull ZoneId zone, @NotNull Duration liveDebounce) {

    @Configuration(proxyBeanMethods = false)
    static class ClockConfiguration {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
