package it.rete.cabina.support;

import static it.rete.contracts.IntakeChannel.HELPLINE;
import static it.rete.contracts.IntakeChannel.LISTENING_POINT;
import static it.rete.contracts.IntakeChannel.OUTREACH_TEAM;
import static it.rete.contracts.Sector.AGRICULTURE;
import static it.rete.contracts.Sector.LOGISTICS;
import static it.rete.contracts.Sector.TEXTILE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import it.rete.cabina.support.Events.LedgerEvent;
import it.rete.contracts.DeclineReason;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.PlacementKind;
import it.rete.contracts.Sector;
import it.rete.contracts.ServiceType;

/**
 * A small network history whose indicators are worked out by hand (see the expected values in the tests).
 * The owner (a Prefettura) opens 13 cases in March 2025, one a day at 08:00Z, and refers 12 of them an hour later:
 * r1-r7 to an NGO for job orientation, r8-r12 to a job centre for legal aid.
 *
 * <pre>
 * case territory                  sector       channel          referral  answer (after sending)      placement (after opening)
 * c1   Mantova                    AGRICULTURE  OUTREACH_TEAM    r1 ngo    accepted 2h, completed     REGULAR_EMPLOYMENT 10d
 * c2   Mantova                    AGRICULTURE  OUTREACH_TEAM    r2 ngo    accepted 4h                REGULAR_EMPLOYMENT 12d
 * c3   Mantova                    AGRICULTURE  OUTREACH_TEAM    r3 ngo    accepted 6h                TRAINING_COURSE 20d
 * c4   Mantova                    AGRICULTURE  OUTREACH_TEAM    r4 ngo    accepted 8h                HOUSING 30d (April)
 * c5   Mantova                    AGRICULTURE  OUTREACH_TEAM    r5 ngo    declined 10h NO_CAPACITY   closed 2 April
 * c6   Mantova                    AGRICULTURE  OUTREACH_TEAM    r6 ngo    none, due 13 March: stuck
 * c7   Castiglione delle Stiviere AGRICULTURE  LISTENING_POINT  r7 ngo    withdrawn after 1 day      closed 3 April
 * c8   Castiglione delle Stiviere AGRICULTURE  LISTENING_POINT  r8 cpi    accepted 24h               HOUSING 5d
 * c9   Castiglione delle Stiviere AGRICULTURE  LISTENING_POINT  r9 cpi    declined 48h NOT_ELIGIBLE  closed 4 April
 * c10  Castiglione delle Stiviere LOGISTICS    LISTENING_POINT  r10 cpi   declined 72h NO_CAPACITY   closed 5 April
 * c11  Castiglione delle Stiviere LOGISTICS    LISTENING_POINT  r11 cpi   none, due 2099: pending
 * c12  Sermide                    TEXTILE      HELPLINE         r12 cpi   none, due 19 March: stuck
 * c13  Sermide                    TEXTILE      HELPLINE         -
 * </pre>
 */
public final class KnownHistory {

    public static final Instant MARCH_1 = Instant.parse("2025-03-01T08:00:00Z");

    public final String owner;
    public final String ngo;
    public final String cpi;
    public final List<String> caseIds = new ArrayList<>();
    public final List<UUID> referralIds = new ArrayList<>();
    /** Events of the addressees' ledgers (answers, placements, completions). */
    public final List<LedgerEvent> addresseeEvents = new ArrayList<>();
    /** Events of the owner's ledger (openings, referrals sent, a withdrawal, closures), closures first. */
    public final List<LedgerEvent> ownerEvents = new ArrayList<>();
    /** The NGO's first acceptance, which the tests deliver twice. */
    public final LedgerEvent duplicated;

    public KnownHistory(String prefix) {
        owner = prefix + "-prefettura";
        ngo = prefix + "-ngo";
        cpi = prefix + "-cpi";
        Events events = new Events();
        for (int i = 1; i <= 13; i++) {
            caseIds.add(prefix + "-case-" + i + "-" + UUID.randomUUID());
            referralIds.add(UUID.randomUUID());
        }
        List<LedgerEvent> closures = new ArrayList<>();
        List<LedgerEvent> openingsAndReferrals = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            Instant opened = MARCH_1.plus(Duration.ofDays(i - 1));
            String territory = i <= 6 ? "Mantova" : i <= 11 ? "Castiglione delle Stiviere" : "Sermide";
            Sector sector = i <= 9 ? AGRICULTURE : i <= 11 ? LOGISTICS : TEXTILE;
            IntakeChannel channel = i <= 6 ? OUTREACH_TEAM : i <= 11 ? LISTENING_POINT : HELPLINE;
            openingsAndReferrals.add(events.caseOpened(owner, c(i), opened, territory, sector, channel));
            if (i <= 12) {
                Instant sent = opened.plus(Duration.ofHours(1));
                Instant dueBy = i == 11 ? Instant.parse("2099-01-01T00:00:00Z") : sent.plus(Duration.ofDays(7));
                openingsAndReferrals.add(events.referralSent(owner, c(i), r(i), i <= 7 ? ngo : cpi,
                        i <= 7 ? ServiceType.JOB_ORIENTATION : ServiceType.LEGAL_AID, sent, dueBy));
            }
        }
        for (int i : new int[] {5, 7, 9, 10}) {
            closures.add(events.caseClosed(owner, c(i), Instant.parse("2025-04-01T08:00:00Z")
                    .plus(Duration.ofDays(List.of(5, 7, 9, 10).indexOf(i) + 1))));
        }
        ownerEvents.addAll(closures);
        ownerEvents.addAll(openingsAndReferrals);
        ownerEvents.add(events.withdrawn(owner, c(7), r(7), ngo, sent(7).plus(Duration.ofDays(1))));

        LedgerEvent firstAcceptance = events.accepted(ngo, c(1), r(1), owner, sent(1).plus(Duration.ofHours(2)));
        duplicated = firstAcceptance;
        addresseeEvents.add(firstAcceptance);
        addresseeEvents.add(firstAcceptance);
        addresseeEvents.add(events.placement(ngo, c(1), r(1), owner, PlacementKind.REGULAR_EMPLOYMENT, days(1, 10)));
        addresseeEvents.add(events.completed(ngo, c(1), r(1), owner, days(1, 40)));
        addresseeEvents.add(events.accepted(ngo, c(2), r(2), owner, sent(2).plus(Duration.ofHours(4))));
        addresseeEvents.add(events.placement(ngo, c(2), r(2), owner, PlacementKind.REGULAR_EMPLOYMENT, days(2, 12)));
        addresseeEvents.add(events.accepted(ngo, c(3), r(3), owner, sent(3).plus(Duration.ofHours(6))));
        addresseeEvents.add(events.placement(ngo, c(3), r(3), owner, PlacementKind.TRAINING_COURSE, days(3, 20)));
        addresseeEvents.add(events.accepted(ngo, c(4), r(4), owner, sent(4).plus(Duration.ofHours(8))));
        addresseeEvents.add(events.placement(ngo, c(4), r(4), owner, PlacementKind.HOUSING, days(4, 30)));
        addresseeEvents.add(events.declined(ngo, c(5), r(5), owner, DeclineReason.NO_CAPACITY,
                sent(5).plus(Duration.ofHours(10))));
        addresseeEvents.add(events.accepted(cpi, c(8), r(8), owner, sent(8).plus(Duration.ofHours(24))));
        addresseeEvents.add(events.placement(cpi, c(8), r(8), owner, PlacementKind.HOUSING, days(8, 5)));
        addresseeEvents.add(events.declined(cpi, c(9), r(9), owner, DeclineReason.NOT_ELIGIBLE,
                sent(9).plus(Duration.ofHours(48))));
        addresseeEvents.add(events.declined(cpi, c(10), r(10), owner, DeclineReason.NO_CAPACITY,
                sent(10).plus(Duration.ofHours(72))));
    }

    /** Distinct events of the NGO's and the job centre's ledgers. */
    public static final int NGO_EVENTS = 10;
    public static final int CPI_EVENTS = 4;
    /** 4 closures, 13 openings, 12 referrals sent, 1 withdrawal. */
    public static final int OWNER_EVENTS = 30;

    public String c(int i) {
        return caseIds.get(i - 1);
    }

    public UUID r(int i) {
        return referralIds.get(i - 1);
    }

    private static Instant opened(int i) {
        return MARCH_1.plus(Duration.ofDays(i - 1));
    }

    private static Instant sent(int i) {
        return opened(i).plus(Duration.ofHours(1));
    }

    private static Instant days(int i, int days) {
        return opened(i).plus(Duration.ofDays(days));
    }
}
