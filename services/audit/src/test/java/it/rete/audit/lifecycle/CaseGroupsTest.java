package it.rete.audit.lifecycle;

import static it.rete.audit.lifecycle.Events.ADDRESSEE;
import static it.rete.audit.lifecycle.Events.OWNER;
import static it.rete.audit.lifecycle.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import it.rete.audit.ledger.EventType;
import it.rete.audit.ledger.LedgerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseGroupsTest {

    @TempDir
    Path workDir;

    @Test
    void onlyCausesThatAreNotEventsOfTheirOwnCaseAreHandedOnForTheLookUpAmongEveryEvent() {
        UUID referral = UUID.randomUUID();
        LedgerEvent opened = event("case-a", EventType.CASE_OPENED, OWNER, 1, 1_000, null, null);
        LedgerEvent sent = event("case-a", EventType.REFERRAL_SENT, OWNER, 2, 2_000, referral, null);
        LedgerEvent accepted = event("case-a", EventType.REFERRAL_ACCEPTED, ADDRESSEE, 1, 3_000, referral,
                sent.eventId());
        LedgerEvent otherCase = event("case-b", EventType.CASE_OPENED, OWNER, 3, 4_000, null, null);
        LedgerEvent causedFromOtherCase = event("case-b", EventType.CASE_CLOSED, OWNER, 4, 5_000, null,
                opened.eventId());
        LedgerEvent causedByNothing = event("case-c", EventType.CASE_OPENED, OWNER, 5, 6_000, null,
                UUID.randomUUID());
        List<LedgerEvent> outside = Collections.synchronizedList(new ArrayList<>());
        List<String> folded = new ArrayList<>();
        try (CaseGroups groups = new CaseGroups(workDir, 1024 * 1024)) {
            for (LedgerEvent e : List.of(causedByNothing, accepted, causedFromOtherCase, opened, otherCase, sent)) {
                groups.add(e);
            }
            groups.causesOutsideCases(outside::add);
            groups.forEachCase(view -> folded.add(view.caseId()), v -> { });
        }
        assertThat(folded).containsExactly("case-a", "case-b", "case-c");
        assertThat(outside).containsExactlyInAnyOrder(causedFromOtherCase, causedByNothing);
    }

    @Test
    void everyCauseOfACaseTooLongToFoldIsHandedOn() {
        UUID referral = UUID.randomUUID();
        List<LedgerEvent> caused = new ArrayList<>();
        List<LedgerEvent> outside = Collections.synchronizedList(new ArrayList<>());
        List<String> notChecked = new ArrayList<>();
        try (CaseGroups groups = new CaseGroups(workDir, 4 * 1024 * 1024)) {
            LedgerEvent sent = event("long", EventType.REFERRAL_SENT, OWNER, 1, 1_000, referral, null);
            groups.add(sent);
            for (int i = 0; i < CaseGroups.MAX_EVENTS_PER_CASE + 10; i++) {
                LedgerEvent reminder = event("long", EventType.REFERRAL_DUE_SOON, ADDRESSEE, i + 1, 2_000 + i,
                        referral, sent.eventId());
                caused.add(reminder);
                groups.add(reminder);
            }
            groups.causesOutsideCases(outside::add);
            groups.forEachCase(view -> { }, v -> notChecked.add(v.line()));
        }
        assertThat(notChecked).hasSize(1);
        assertThat(outside).hasSize(caused.size()).containsAll(caused);
    }
}
