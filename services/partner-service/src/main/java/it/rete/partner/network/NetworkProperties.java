package it.rete.partner.network;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import it.rete.contracts.ServiceType;
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

    /**
     * Deadlines of referrals.
     *
     * @param answerWithin              how long an addressee has to answer when the sender gives no due-by date, by
     *                                  urgency
     * @param answerWithinByServiceType the same for particular service types, overriding {@code answerWithin} for
     *                                  the urgencies they name
     * @param remindBefore              how long before the due-by date the addressee is reminded (ReferralDueSoon);
     *                                  never in the first half of the time to answer
     * @param expireAfter               grace period after the due-by date before an unanswered referral expires
     */
    public record Referral(Map<Urgency, Duration> answerWithin,
                           Map<ServiceType, Map<Urgency, Duration>> answerWithinByServiceType,
                           Duration remindBefore, Duration expireAfter) {
        public Referral {
            answerWithin = answerWithin == null || answerWithin.isEmpty()
                    ? Map.of(Urgency.ROUTINE, Duration.ofDays(7), Urgency.PRIORITY, Duration.ofDays(3),
                             Urgency.EMERGENCY, Duration.ofDays(1))
                    : Map.copyOf(answerWithin);
            answerWithinByServiceType = answerWithinByServiceType == null ? Map.of()
                    : Map.copyOf(answerWithinByServiceType);
            remindBefore = remindBefore == null ? Duration.ofDays(1) : remindBefore;
            expireAfter = expireAfter == null ? Duration.ofDays(7) : expireAfter;
        }

        /** The time to answer a referral of this service type and urgency, when the sender gives no due-by date. */
        public Duration answerWithin(ServiceType serviceType, Urgency urgency) {
            Duration specific = answerWithinByServiceType.getOrDefault(serviceType, Map.of()).get(urgency);
            return specific != null ? specific : answerWithin.get(urgency);
        }
    }

    public String partnerId() {
        return partner.id();
    }

    public boolean isMember(String partnerId) {
        return network.partners().contains(partnerId);
    }
}
