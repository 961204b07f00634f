package it.rete.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.UUID;

import it.rete.audit.ExitCodes;
import it.rete.audit.ledger.ChainHash;
import it.rete.audit.support.Cli;
import it.rete.audit.support.History;
import it.rete.audit.support.Story;
import it.rete.audit.support.TestStack;
import it.rete.contracts.Envelope;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.ReferralWithdrawn;
import it.rete.contracts.ServiceType;
import it.rete.plumbing.outbox.HashChain;
import org.junit.jupiter.api.Test;

/** verify on real ledgers: a clean history passes, and each kind of tampering is found where it is. */
class VerifyIT {

    private final TestStack stack = TestStack.get();

    private static Cli.Result verify(Story story) {
        return Cli.run("verify", "--partners", story.partners());
    }

    @Test
    void cleanHistoryPasses() {
        try (History h = new History(stack)) {
            Story story = Story.build(h, "clean");
            h.write();
            Cli.Result result = verify(story);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
            assertThat(result.out()).contains("verify: 2 ledgers, 15 events, 0 violations: OK")
                    .contains("ledger rete.clean-pref.events: 11 records, last sequence 11")
                    .contains("ledger rete.clean-lule.events: 4 records, last sequence 4")
                    .doesNotContain("VIOLATION");
            assertThat(result.err()).contains("replay: 15 events");
        }
    }

    @Test
    void removedEventIsAGap() {
        try (History h = new History(stack)) {
            Story story = Story.build(h, "removed");
            h.entries().remove(story.consent2); // sequence 5 of the sender
            h.write();
            Cli.Result result = verify(story);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.VIOLATIONS);
            assertThat(result.out()).contains("VIOLATION SEQUENCE_GAP " + story.sent2.position
                    + " rete.removed-pref.events: sequence 5 is missing before sequence 6");
            // without its consent, the referral of case 2 is not allowed either
            assertThat(result.out()).contains("VIOLATION ILLEGAL_TRANSITION " + story.sent2.position);
        }
    }

    @Test
    void alteredPayloadBreaksTheChainAtTheNextEvent() {
        try (History h = new History(stack)) {
            Story story = Story.build(h, "altered");
            ReferralSent altered = (ReferralSent) story.sent1.event;
            altered.setServiceType(ServiceType.HOUSING);
            story.sent1.value = h.serialize(story.sent1.topic, altered);
            h.write();
            Cli.Result result = verify(story);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.VIOLATIONS);
            assertThat(result.out()).contains("VIOLATION CHAIN_BROKEN " + story.opened2.position
                    + " rete.altered-pref.events: sequence 4: previousEventHash")
                    .contains("of sequence 3 at " + story.sent1.position + ": that event was altered");
            assertThat(result.out()).contains("1 violations (CHAIN_BROKEN 1)");
        }
    }

    @Test
    void reorderedPairIsFound() {
        try (History h = new History(stack)) {
            Story story = Story.build(h, "reordered");
            int consent = h.entries().indexOf(story.consent1);
            Collections.swap(h.entries(), consent, consent + 1); // sequences 2 and 3, same case, same partition
            h.write();
            Cli.Result result = verify(story);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.VIOLATIONS);
            assertThat(result.out()).contains("VIOLATION SEQUENCE_REORDERED " + story.consent1.position
                    + " rete.reordered-pref.events: sequence 2 comes after sequence 3 at " + story.sent1.position);
            assertThat(result.out()).contains("1 violations (SEQUENCE_REORDERED 1)");
        }
    }

    @Test
    void eventWrittenByAnotherPartnersProducerIsForged() {
        try (History h = new History(stack)) {
            Story story = Story.build(h, "forged");
            // the addressee's producer writes one of its events into the sender's ledger
            History.Entry forged = h.raw(story.sent1.topic, story.accepted1.event, story.accepted1.ceSource,
                    Story.at(6.5));
            h.write();
            Cli.Result result = verify(story);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.VIOLATIONS);
            assertThat(result.out()).contains("VIOLATION FORGED_SOURCE " + forged.position
                    + " rete.forged-pref.events: ReferralAccepted " + story.accepted1.eventId()
                    + " claims to come from forged-lule but is in the ledger of forged-pref");
            assertThat(result.out()).contains("1 violations (FORGED_SOURCE 1)");
        }
    }

    @Test
    void forgedEventThatClaimsTheOwnerCollidesWithTheGenuineSequence() {
        try (History h = new History(stack)) {
            Story story = Story.build(h, "impostor");
            // a producer posing as the sender, even with the right previous hash, takes a sequence already used
            Envelope genuine = story.opened3.envelope;
            Envelope envelope = Envelope.newBuilder().setEventId(UUID.randomUUID())
                    .setOccurredAt(genuine.getOccurredAt()).setSourcePartnerId(story.sender).setCaseId(story.case1)
                    .setCorrelationId(story.case1).setCausationId(story.sent1.eventId())
                    .setSequence(genuine.getSequence()).setPreviousEventHash(genuine.getPreviousEventHash()).build();
            ReferralWithdrawn withdrawal = ReferralWithdrawn.newBuilder().setEnvelope(envelope)
                    .setReferralId(story.r1).setToPartnerId(story.addressee).build();
            History.Entry forged = h.raw(story.sent1.topic, withdrawal, story.sent1.ceSource, Story.at(9.5));
            h.write();
            Cli.Result result = verify(story);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.VIOLATIONS);
            assertThat(result.out()).contains("VIOLATION SEQUENCE_REPEAT").contains("sequence 7 is used twice")
                    .contains(forged.position.toString()).contains(story.opened3.position.toString());
        }
    }

    @Test
    void illegalTransitionIsFound() {
        try (History h = new History(stack)) {
            String sender = "illegal-pref";
            String addressee = "illegal-lule";
            h.ledgers(sender, addressee);
            String caseId = UUID.randomUUID().toString();
            UUID referral = UUID.randomUUID();
            h.opened(sender, caseId, Story.at(0));
            h.consent(sender, caseId, addressee, Story.at(1));
            var sent = h.sent(sender, caseId, referral, addressee, Story.at(2));
            var accepted = h.accepted(addressee, caseId, referral, sender, sent.eventId(), Story.at(3));
            // completed without any placement: ACCEPTED -> COMPLETED is not a transition of the lifecycle
            var completed = h.completed(addressee, caseId, referral, sender, accepted.eventId(), Story.at(4));
            // and the addressee cannot withdraw: only the sender may
            var withdrawn = h.withdrawn(addressee, caseId, referral, addressee, completed.eventId(), Story.at(5));
            h.write();
            Cli.Result result = Cli.run("verify", "--partners", sender + "," + addressee);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.VIOLATIONS);
            assertThat(result.out()).contains("VIOLATION ILLEGAL_TRANSITION " + completed.position
                    + " ReferralCompleted " + completed.eventId() + ": referral " + referral
                    + " in state ACCEPTED cannot be completed");
            assertThat(result.out()).contains("VIOLATION ILLEGAL_TRANSITION " + withdrawn.position)
                    .contains("only the sender (illegal-pref) may be withdrawn, not illegal-lule");
            assertThat(result.out()).contains("2 violations (ILLEGAL_TRANSITION 2)");
        }
    }

    @Test
    void aWithdrawalThatCrossedTheAnswerPassesAndOneThatFollowedItIsFound() {
        try (History h = new History(stack)) {
            String sender = "crossed-pref";
            String addressee = "crossed-lule";
            h.ledgers(sender, addressee);
            String crossedCase = UUID.randomUUID().toString();
            UUID crossed = UUID.randomUUID();
            h.opened(sender, crossedCase, Story.at(0));
            h.consent(sender, crossedCase, addressee, Story.at(1));
            var sent = h.sent(sender, crossedCase, crossed, addressee, Story.at(2));
            // each made before its author read the other; the sender then closed the case
            h.withdrawn(sender, crossedCase, crossed, addressee, sent.eventId(), Story.at(3));
            h.closed(sender, crossedCase, Story.at(4));
            var accepted = h.accepted(addressee, crossedCase, crossed, sender, sent.eventId(), Story.at(3.5));
            h.placement(addressee, crossedCase, crossed, sender, accepted.eventId(), Story.at(5));
            h.write();
            Cli.Result clean = Cli.run("verify", "--partners", sender + "," + addressee);
            assertThat(clean.exitCode()).as(clean.toString()).isEqualTo(ExitCodes.OK);
            Cli.Result state = Cli.run("state", "--partners", sender + "," + addressee, "--at", Story.at(6).toString(),
                    "--case", crossedCase);
            assertThat(state.exitCode()).as(state.toString()).isEqualTo(ExitCodes.OK);
            assertThat(state.out()).contains(": IN_PROGRESS");
        }
        try (History h = new History(stack)) {
            String sender = "followed-pref";
            String addressee = "followed-lule";
            h.ledgers(sender, addressee);
            String caseId = UUID.randomUUID().toString();
            UUID referral = UUID.randomUUID();
            h.opened(sender, caseId, Story.at(0));
            h.consent(sender, caseId, addressee, Story.at(1));
            var sent = h.sent(sender, caseId, referral, addressee, Story.at(2));
            var accepted = h.accepted(addressee, caseId, referral, sender, sent.eventId(), Story.at(3));
            // the sender had read the acceptance: its withdrawal did not cross it
            var withdrawn = h.withdrawn(sender, caseId, referral, addressee, accepted.eventId(), Story.at(4));
            h.write();
            Cli.Result result = Cli.run("verify", "--partners", sender + "," + addressee);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.VIOLATIONS);
            assertThat(result.out()).contains("VIOLATION ILLEGAL_TRANSITION " + withdrawn.position)
                    .contains("in state ACCEPTED cannot be withdrawn: its cause " + accepted.eventId());
        }
    }

    @Test
    void aLegalExpiryPassesAndAnExpiryBeforeTheDueByDateOrAfterAnAnswerIsFound() {
        try (History h = new History(stack)) {
            String sender = "expiry-pref";
            String addressee = "expiry-lule";
            h.ledgers(sender, addressee);
            String legalCase = UUID.randomUUID().toString();
            UUID legal = UUID.randomUUID();
            h.opened(sender, legalCase, Story.at(0));
            h.consent(sender, legalCase, addressee, Story.at(1));
            var sent = h.sent(sender, legalCase, legal, addressee, Story.at(2)); // due three days later
            java.time.Instant dueBy = Story.at(2).plusSeconds(3 * 86400);
            var overdue = h.overdue(addressee, legalCase, legal, sender, dueBy, sent.eventId(),
                    dueBy.plusSeconds(30));
            var expired = h.expired(addressee, legalCase, legal, sender, dueBy, overdue.eventId(),
                    dueBy.plusSeconds(7 * 86400));

            String earlyCase = UUID.randomUUID().toString();
            UUID early = UUID.randomUUID();
            h.opened(sender, earlyCase, Story.at(3));
            h.consent(sender, earlyCase, addressee, Story.at(4));
            var sentEarly = h.sent(sender, earlyCase, early, addressee, Story.at(5));
            var expiredEarly = h.expired(addressee, earlyCase, early, sender, Story.at(5).plusSeconds(3 * 86400),
                    sentEarly.eventId(), Story.at(6));
            h.write();
            Cli.Result result = Cli.run("verify", "--partners", sender + "," + addressee);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.VIOLATIONS);
            assertThat(result.out()).contains("VIOLATION ILLEGAL_TRANSITION " + expiredEarly.position
                    + " ReferralExpired " + expiredEarly.eventId() + ": referral " + early
                    + " cannot expire before its due-by date");
            assertThat(result.out()).contains("1 violations (ILLEGAL_TRANSITION 1)");
            // the legal expiry is not among them
            assertThat(result.out()).doesNotContain(expired.eventId().toString(), overdue.eventId().toString());
        }
    }

    @Test
    void causesOnLedgersLeftOutAreDangling() {
        try (History h = new History(stack)) {
            Story story = Story.build(h, "dangling");
            h.write();
            Cli.Result result = Cli.run("verify", "--partners", story.addressee);
            assertThat(result.exitCode()).isEqualTo(ExitCodes.VIOLATIONS);
            assertThat(result.out()).contains("VIOLATION DANGLING_CAUSATION " + story.accepted1.position
                    + " event " + story.accepted1.eventId() + " names " + story.sent1.eventId() + " as its cause");
        }
    }

    @Test
    void hashIsTheChainsHash() {
        try (History h = new History(stack)) {
            Story story = Story.build(h, "hash");
            assertThat(new ChainHash().of(story.sent1.value)).isEqualTo(HashChain.eventHash(story.sent1.value));
        }
    }
}
