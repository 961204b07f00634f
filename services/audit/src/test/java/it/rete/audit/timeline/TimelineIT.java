package it.rete.audit.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import it.rete.audit.ExitCodes;
import it.rete.audit.support.Cli;
import it.rete.audit.support.History;
import it.rete.audit.support.Story;
import it.rete.audit.support.TestStack;
import org.junit.jupiter.api.Test;

class TimelineIT {

    @Test
    void everyEventOfTheCaseAcrossLedgersInCausalOrder() {
        Story story;
        try (History h = new History(TestStack.get())) {
            story = Story.build(h, "timeline");
            h.write();
        }
        Cli.Result result = Cli.run("timeline", "--partners", story.partners(), "--case", story.case1);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        String out = result.out();
        assertThat(out).contains("Case " + story.case1 + ": 7 events in 2 ledger(s), causal order");
        List<String> order = List.of("CaseOpened", "ConsentRecorded", "ReferralSent", "ReferralAccepted",
                "PlacementMade", "ReferralCompleted", "CaseClosed");
        int at = 0;
        for (String type : order) {
            int next = out.indexOf(" " + type + " ", at);
            assertThat(next).as(type + " after the previous event in:\n" + out).isGreaterThan(at);
            at = next;
        }
        assertThat(out).contains("2026-03-02T09:06:00Z  timeline-lule    #1      ReferralAccepted   referral "
                + story.r1 + " accepted (after ReferralSent of timeline-pref)")
                .contains("event " + story.accepted1.eventId() + " at " + story.accepted1.position)
                .contains("State: case CLOSED (owner timeline-pref), closed GOALS_MET")
                .contains("referral " + story.r1 + " timeline-pref -> timeline-lule JOB_ORIENTATION: COMPLETED (SUCCESSFUL)")
                // intake attributes that could identify someone and free text are not shown
                .doesNotContain("Castiglione").doesNotContain("Mario Rossi")
                .doesNotContain(story.case2);
    }

    @Test
    void unknownCaseIsNotFound() {
        Cli.Result result = Cli.run("timeline", "--case", "no-such-case");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).contains("No event of case no-such-case in");
    }
}
