package it.rete.audit.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void showsEventsRateAndTimeLeftAtMostOnceASecond() throws Exception {
        StringWriter text = new StringWriter();
        Progress progress = Progress.on(new PrintWriter(text), true, "verify");
        progress.total(1_000);
        progress.add(100);
        assertThat(text.toString()).as("nothing before a second has passed").isEmpty();
        Thread.sleep(1_050);
        progress.add(150);
        progress.finish();
        String[] lines = text.toString().split("\\R");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines[0]).matches("verify: 250 / 1,000 events, [0-9,]+ events/s, [0-9]+s left");
        assertThat(progress.done()).isEqualTo(250);
    }

    @Test
    void silentUnlessAskedOrInATerminal() {
        StringWriter text = new StringWriter();
        Progress progress = Progress.on(new PrintWriter(text), false, "state");
        progress.total(10);
        progress.add(10);
        progress.finish();
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void timeLeftIsReadable() {
        assertThat(Progress.formatDuration(42)).isEqualTo("42s");
        assertThat(Progress.formatDuration(125)).isEqualTo("2m5s");
        assertThat(Progress.formatDuration(7_260)).isEqualTo("2h1m");
    }
}
