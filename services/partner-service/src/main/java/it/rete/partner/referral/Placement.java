package it.rete.partner.referral;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The person started regular work, housing or a course thanks to a referral. */
public record Placement(UUID placementId, UUID referralId, String caseId, String kind, String contractType,
                        LocalDate startDate, Instant recordedAt) {
}
