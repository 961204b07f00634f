package it.rete.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import it.rete.audit.ExitCodes;
import it.rete.audit.support.Cli;
import it.rete.audit.support.History;
import it.rete.audit.support.Story;
import it.rete.audit.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportIT {

    private static Story story;

    @BeforeAll
    static void writeHistory() {
        try (History h = new History(TestStack.get())) {
            story = Story.build(h, "export");
            h.write();
        }
    }

    private static Cli.Result export(double fromMinutes, double toMinutes, String format, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("export", "--partners=" + story.partners(),
                "--from=" + Story.at(fromMinutes), "--to=" + Story.at(toMinutes), "--format", format));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void csvHasOneRowPerEventInTimeOrderAndNoPersonalData() {
        Cli.Result result = export(0, 60, "csv");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(1 + Story.EVENTS);
        assertThat(lines.get(0)).startsWith("event_id,event_type,occurred_at,source_partner,sequence,case_id,");
        assertThat(lines.get(1)).startsWith(story.opened1.eventId() + ",CaseOpened,2026-03-02T09:00:00Z,export-pref,1,"
                + story.case1);
        assertThat(lines.get(7)).startsWith(story.accepted1.eventId() + ",ReferralAccepted,2026-03-02T09:06:00Z,"
                + "export-lule,1," + story.case1 + "," + story.case1 + "," + story.sent1.eventId() + "," + story.r1
                + ",export-pref,");
        assertThat(lines.get(15)).contains(",ReferralWithdrawn,");
        // the closure reason text names a person and a phone number (random ids may contain "333" by chance)
        assertThat(result.out()).doesNotContain("Mario Rossi").doesNotContain("Castiglione").doesNotContain("+39")
                .doesNotContain("333 1234567");
        assertThat(result.err()).contains("15 rows exported");
    }

    @Test
    void periodSelectsByOccurrenceTime() {
        List<String> lines = export(5, 9, "csv").out().lines().toList();
        assertThat(lines).hasSize(1 + 4);
        assertThat(lines.get(1)).contains(",ReferralSent,2026-03-02T09:05:00Z,");
        assertThat(lines.get(4)).contains(",PlacementMade,2026-03-02T09:08:00Z,");
    }

    @Test
    void jsonlHasOneObjectPerLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Cli.Result result = export(0, 60, "jsonl", "--output", file.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(Story.EVENTS);
        JsonNode placement = new ObjectMapper().readTree(lines.get(8));
        assertThat(placement.get("event_type").asText()).isEqualTo("PlacementMade");
        assertThat(placement.get("referral_id").asText()).isEqualTo(story.r1.toString());
        assertThat(placement.get("placement_kind").asText()).isEqualTo("REGULAR_EMPLOYMENT");
        assertThat(placement.get("contract_type").asText()).isEqualTo("SEASONAL");
        assertThat(placement.get("topic").asText()).isEqualTo("rete.export-lule.events");
        assertThat(placement.get("offset").asLong()).isEqualTo(story.placement1.position.offset());
    }

    @Test
    void htcdsHasOneRowPerReferral() {
        Cli.Result result = export(0, 60, "csv", "--shape", "htcds");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("rete_case_id,rete_referral_id,cas_Status,cas_ReferringOrganisation,"
                + "cas_ReferredOrganisation,cas_OutgoingReferralDate,cas_ReasonForOutgoingReferral,"
                + "cas_OutgoingReferralDetails,cas_IncomingReferralDate,cas_ReasonForIncomingReferral,"
                + "cas_ReasonForCaseClosure");
        assertThat(lines).hasSize(1 + 3);
        assertThat(lines).contains(story.case1 + "," + story.r1 + ",Closed,export-pref,export-lule,2026-03-02,"
                + "AdditionalServicesRequired,serviceType=JOB_ORIENTATION; urgency=PRIORITY; state=COMPLETED; "
                + "outcome=SUCCESSFUL; placements=1,2026-03-02,AdditionalServicesRequired,GOALS_MET");
        assertThat(lines).contains(story.case2 + "," + story.r2 + ",Active,export-pref,export-lule,2026-03-02,"
                + "AdditionalServicesRequired,serviceType=JOB_ORIENTATION; urgency=PRIORITY; state=DECLINED; "
                + "declineReason=NO_CAPACITY,,,");
        // as it stood at the end of the period: at 09:07 case 1's referral was accepted, not completed
        assertThat(export(0, 7, "csv", "--shape", "htcds").out())
                .contains(story.r1 + ",Active,export-pref,export-lule,2026-03-02,AdditionalServicesRequired,"
                        + "serviceType=JOB_ORIENTATION; urgency=PRIORITY; state=ACCEPTED,2026-03-02,");
    }

    @Test
    void fromAfterToIsAUsageError() {
        Cli.Result result = export(10, 5, "csv");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("is not before --to");
    }
}
