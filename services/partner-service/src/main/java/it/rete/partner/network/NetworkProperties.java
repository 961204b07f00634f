package it.rete.partner.network;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import it.rete.contracts.Urgency;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Who this partner is and which partners it works with. */
@Validated
@ConfigurationProperties("rete")
public record NetworkProperties(@Valid @NotNull Partner partner, @Valid @NotNull Network network,
                                @NotNull Topics topics, @NotNull Referral referral) {

    public static final String PARTNER_ID_PATTERN = "[a-z0-9][a-z0-9-]{1,62}";

    public record Partner(@NotNull @Pattern(regexp = PARTNER_ID_PATTERN) String id) {
    }

    public record Network(@NotNull List<@Pattern(regexp = PARTNER_ID_PATTERN) String> partners) {
    }

    public record Topics(int ledgerPartitions, short replicationFactor) {
    }

    /** How long an addressee has to answer a referral, by urgency, when the sender gives no due-by date. */
    public record Referral(Map<Urgency, Duration> answerWithin) {
        public Referral {
            answerWithin = answerWithin == null || answerWithin.isEmpty()
                    ? Map.of(Urgency.ROUTINE, Duration.ofDays(7), Urgency.PRIORITY, Duration.ofDays(3),
                             Urgency.EMERGENCY, Duration.ofDays(1))
                    : Map.copyOf(answerWithin);
        }
    }

    public String partnerId() {
        return partner.id();
    }

    public boolean isMember(String partnerId) {
        return network.partners().contains(partnerId);
    }
}
