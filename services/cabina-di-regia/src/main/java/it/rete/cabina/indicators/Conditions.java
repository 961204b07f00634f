package it.rete.cabina.indicators;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The WHERE clauses the filters make, per kind of row (case, referral, placement), with their parameters.
 * Aliases: {@code c} case_fact, {@code r} referral_view or referral_fact, {@code p} placement_fact.
 */
final class Conditions {

    private final Filters filters;
    private final MapSqlParameterSource parameters = new MapSqlParameterSource();

    Conditions(Filters filters, ZoneId zone, Instant now) {
        this.filters = filters;
        Instant from = filters.fromInstant(zone);
        Instant to = filters.toExclusiveInstant(zone);
        parameters.addValue("from", from == null ? null : from.atOffset(ZoneOffset.UTC));
        parameters.addValue("to", to == null ? null : to.atOffset(ZoneOffset.UTC));
        // "open at the end of the period": at its last instant, or now when the period is open-ended
        Instant end = to != null && to.isBefore(now) ? to : now;
        parameters.addValue("end", end.atOffset(ZoneOffset.UTC));
        parameters.addValue("now", now.atOffset(ZoneOffset.UTC));
        parameters.addValue("zone", zone.getId());
        parameters.addValue("unit", filters.interval().unit());
        parameters.addValue("territory", filters.territory());
        parameters.addValue("sector", filters.sector() == null ? null : filters.sector().name());
        parameters.addValue("intakeChannel", filters.intakeChannel() == null ? null : filters.intakeChannel().name());
        parameters.addValue("partner", filters.partner());
        parameters.addValue("serviceType", filters.serviceType() == null ? null : filters.serviceType().name());
    }

    MapSqlParameterSource parameters() {
        return parameters;
    }

    /** {@code column} falls in the period (and is known). */
    String inPeriod(String column) {
        List<String> parts = new ArrayList<>(List.of(column + " is not null"));
        if (filters.from() != null) {
            parts.add(column + " >= :from");
        }
        if (filters.to() != null) {
            parts.add(column + " < :to");
        }
        return String.join(" and ", parts);
    }

    /** Territory, sector and intake channel of the case {@code c}. */
    String caseAttributes() {
        List<String> parts = new ArrayList<>();
        if (filters.territory() != null) {
            parts.add("c.territory = :territory");
        }
        if (filters.sector() != null) {
            parts.add("c.sector = :sector");
        }
        if (filters.intakeChannel() != null) {
            parts.add("c.intake_channel = :intakeChannel");
        }
        return join(parts);
    }

    /** Cases: their attributes, and the partner that owns them. */
    String cases() {
        return and(caseAttributes(), filters.partner() == null ? "true" : "c.owner_partner_id = :partner");
    }

    /** Referrals: their case's attributes, the partner as sender or addressee, the service type. */
    String referrals() {
        return and(caseAttributes(), referralParties("(r.sender_partner_id = :partner or r.to_partner_id = :partner)"));
    }

    /** Referrals addressed to the partner (workload): the partner filter means the addressee. */
    String inboundReferrals() {
        return and(caseAttributes(), referralParties("r.to_partner_id = :partner"));
    }

    /** Referrals by partner and service type only: lists of ids never narrow by territory or sector. */
    String referralsWithoutCaseAttributes() {
        return referralParties("(r.sender_partner_id = :partner or r.to_partner_id = :partner)");
    }

    /** Placements: their case's attributes, the partner that made them or sent the referral, the service type. */
    String placements() {
        return and(caseAttributes(), placementParties());
    }

    String placementParties() {
        List<String> parts = new ArrayList<>();
        if (filters.partner() != null) {
            parts.add("(p.partner_id = :partner or p.sender_partner_id = :partner)");
        }
        if (filters.serviceType() != null) {
            parts.add("r.service_type = :serviceType");
        }
        return join(parts);
    }

    private String referralParties(String partnerCondition) {
        List<String> parts = new ArrayList<>();
        if (filters.partner() != null) {
            parts.add(partnerCondition);
        }
        if (filters.serviceType() != null) {
            parts.add("r.service_type = :serviceType");
        }
        return join(parts);
    }

    static String and(String... conditions) {
        return String.join(" and ", conditions);
    }

    private static String join(List<String> parts) {
        return parts.isEmpty() ? "true" : String.join(" and ", parts);
    }
}
