package it.rete.audit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import it.rete.audit.ledger.EventType;
import it.rete.audit.ledger.LedgerEvent;
import org.junit.jupiter.api.Test;

/** The time-order shortcut for small cases gives exactly the order of the general algorithm. */
class CausalOrderTest {

    @Test
    void smallCasesComeOutAsTheGeneralAlgorithmOrdersThem() {
        Random random = new Random(11);
        int shortcutTaken = 0;
        for (int round = 0; round < 5_000; round++) {
            List<LedgerEvent> events = randomCase(random);
            List<LedgerEvent> expected = CausalOrder.byGraph(events);
            assertThat(CausalOrder.sort(events)).as("round " + round).containsExactlyElementsOf(expected);
            if (isByTime(expected)) {
                shortcutTaken++;
            }
        }
        // both orders occur: cases that time order settles and cases it does not (causes after effects, ties)
        assertThat(shortcutTaken).isBetween(500, 4_500);
    }

    private static boolean isByTime(List<LedgerEvent> order) {
        for (int i = 1; i < order.size(); i++) {
            if (CausalOrder.BY_TIME.compare(order.get(i - 1), order.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** A few events on two ledgers, in shuffled order, with clock skew, repeated sequences or ids, wrong causes. */
    private static List<LedgerEvent> randomCase(Random random) {
        int n = 1 + random.nextInt(9);
        List<LedgerEvent> events = new ArrayList<>();
        long[] sequences = {0, 0};
        for (int i = 0; i < n; i++) {
            int ledger = random.nextInt(2);
            String source = ledger == 0 ? Events.OWNER : Events.ADDRESSEE;
            long sequence = random.nextInt(12) == 0 ? sequences[ledger] : ++sequences[ledger];
            long at = 10L * i + (random.nextInt(6) == 0 ? -random.nextInt(40) : random.nextInt(3));
            UUID cause = events.isEmpty() || random.nextBoolean() ? null
                    : events.get(random.nextInt(events.size())).eventId();
            LedgerEvent event = Events.event(EventType.PLACEMENT_MADE, source, sequence, at, null, cause);
            if (!events.isEmpty() && random.nextInt(15) == 0) {
                // a repeated event id
                LedgerEvent other = events.get(random.nextInt(events.size()));
                event = new LedgerEvent(event.type(), other.eventId(), event.occurredAt(), event.source(),
                        event.caseId(), event.correlationId(), event.causationId(), event.sequence(),
                        event.referralId(), event.senderPartnerId(), event.toPartnerId(), event.serviceType(),
                        event.urgency(), event.dueBy(), event.outcome(), event.reasonCode(), event.placementKind(),
                        event.contractType(), event.startDate(), event.consentPurposes(), event.consentRecipients(),
                        event.legalBasisOverride(), event.sector(), event.intakeChannel(), event.position(),
                        event.recordTimestamp());
            }
            events.add(event);
        }
        if (random.nextInt(4) == 0) {
            // an effect naming a cause that comes later in time
            LedgerEvent first = events.get(0);
            events.set(0, Events.event(first.type(), first.source(), first.sequence(), first.occurredAt(), null,
                    events.get(events.size() - 1).eventId()));
        }
        Collections.shuffle(events, random);
        return events;
    }
}
