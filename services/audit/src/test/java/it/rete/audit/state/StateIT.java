package it.rete.audit.state;

import static org.assertj.core.api.Assertions.assertThat;

import it.rete.audit.ExitCodes;
import it.rete.audit.support.Cli;
import it.rete.audit.support.History;
import it.rete.audit.support.Story;
import it.rete.audit.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** state --at on a history with known intermediate states (one event a minute, see {@link Story}). */
class StateIT {

    private static Story story;

    @BeforeAll
    static void writeHistory() {
        try (History h = new History(TestStack.get())) {
            story = Story.build(h, "state");
            h.write();
        }
    }

    private static Cli.Result state(double minutes, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "state";
        args[1] = "--partners=" + story.partners();
        args[2] = "--at";
        args[3] = Story.at(minutes).toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return Cli.run(args);
    }

    @Test
    void oneCaseThroughItsReferral() {
        assertThat(state(2.5, "--case", story.case1).out())
                .contains("Case " + story.case1 + " at 2026-03-02T09:02:30Z: OPEN (owner state-pref")
                .contains("referral " + story.r1 + " state-pref -> state-lule JOB_ORIENTATION PRIORITY: REQUESTED");
        assertThat(state(6.5, "--case", story.case1).out()).contains("PRIORITY: ACCEPTED");
        assertThat(state(8.5, "--case", story.case1).out()).contains("PRIORITY: IN_PROGRESS");
        assertThat(state(12.5, "--case", story.case1).out()).contains("PRIORITY: COMPLETED SUCCESSFUL")
                .contains(": OPEN (owner");
        Cli.Result end = state(13.5, "--case", story.case1);
        assertThat(end.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(end.out()).contains(": CLOSED (owner state-pref, opened 2026-03-02T09:00:00Z, closed "
                + "2026-03-02T09:13:00Z GOALS_MET)").contains("events up to then: 7");
    }

    @Test
    void summariesAtKnownInstants() {
        Cli.Result early = state(7.5);
        assertThat(early.exitCode()).as(early.toString()).isEqualTo(ExitCodes.OK);
        // the replay's figure is printed once the state is complete (the benchmark reads it)
        assertThat(early.err()).containsPattern("replay: \\d+ events in [0-9.]+ s, \\d+ events/s");
        assertThat(early.out()).contains("State at 2026-03-02T09:07:30Z: 8 events on 2 ledger(s)")
                .contains("Cases: 2 (OPEN 2)")
                .contains("Referrals: 2 (ACCEPTED 1, DECLINED 1); overdue (unanswered past due-by): 0")
                .contains("state-lule           ACCEPTED 1, DECLINED 1");
        assertThat(state(11.5).out()).contains("Cases: 3 (OPEN 3)")
                .contains("Referrals: 3 (REQUESTED 1, IN_PROGRESS 1, DECLINED 1)");
        assertThat(state(60).out()).contains("State at 2026-03-02T10:00:00Z: 15 events")
                .contains("Cases: 3 (OPEN 2, CLOSED 1)")
                .contains("Referrals: 3 (COMPLETED 1, DECLINED 1, WITHDRAWN 1)")
                .doesNotContain("anomalies");
    }

    @Test
    void listShowsEveryCaseAndReferral() {
        String out = state(60, "--list").out();
        assertThat(out).contains("case " + story.case1 + " CLOSED owner state-pref")
                .contains("case " + story.case3 + " OPEN owner state-pref")
                .contains("referral " + story.r3 + " state-pref -> state-lule JOB_ORIENTATION PRIORITY: WITHDRAWN");
    }

    @Test
    void caseWithNoEventYetIsNotFound() {
        Cli.Result before = state(-1, "--case", story.case1);
        assertThat(before.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(before.err()).contains("Case " + story.case1 + " has no event at or before 2026-03-02T08:59:00Z");
    }

    @Test
    void unparseableTimeIsAUsageError() {
        Cli.Result result = Cli.run("state", "--at", "yesterday");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'yesterday' is not a time");
    }
}
