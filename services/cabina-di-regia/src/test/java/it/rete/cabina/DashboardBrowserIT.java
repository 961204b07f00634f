package it.rete.cabina;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import it.rete.cabina.support.CabinaTestNetwork;
import it.rete.cabina.support.Events;
import it.rete.cabina.support.Events.LedgerEvent;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.Sector;
import it.rete.contracts.ServiceType;
import it.rete.plumbing.testsupport.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium: the numbers shown, the page updating by itself when a new event reaches
 * a ledger (a marker set on {@code window} survives, so the page was not reloaded), the English switch.
 * Skipped when Debian's chromium and chromium-driver are absent, unless {@code RETE_BROWSER_TESTS=required}.
 */
class DashboardBrowserIT {


    @TempDir
    Path profile;

    WebDriver browser;

    @BeforeEach
    void startBrowser() throws Exception {
        browser = HeadlessChromium.start(profile, "1600,1200");
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsTheNumbersAndUpdatesLiveWithoutReloading() throws Exception {
        CabinaTestNetwork network = CabinaTestNetwork.get();
        String owner = "bt-prefettura";
        String ngo = "bt-ngo";
        Events events = new Events();
        List<LedgerEvent> history = new ArrayList<>();
        Instant start = Instant.parse("2025-06-02T08:00:00Z");
        for (int i = 0; i < 6; i++) {
            String caseId = "bt-case-" + UUID.randomUUID();
            Instant opened = start.plus(Duration.ofDays(i));
            history.add(events.caseOpened(owner, caseId, opened, "Sermide", Sector.AGRICULTURE,
                    IntakeChannel.OUTREACH_TEAM));
            if (i < 5) {
                history.add(events.referralSent(owner, caseId, UUID.randomUUID(), ngo, ServiceType.HOUSING,
                        opened.plus(Duration.ofHours(1)), opened.plus(Duration.ofDays(3))));
            }
        }
        network.ledgers().publish(history);
        network.awaitProcessed(history.size(), owner);

        browser.get(network.baseUri().resolve("/?partner=" + owner).toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // live updates redraw the page: an element found just before a redraw is looked up again
        wait.ignoring(StaleElementReferenceException.class);
        // nothing is read before the coordinator gives a key; a wrong one is refused on the page
        wait.until(d -> browser.findElement(By.id("access")).isDisplayed());
        assertThat(headline("casesOpened")).isNull();
        signIn("not-the-key");
        wait.until(d -> browser.findElement(By.id("access-error")).isDisplayed());
        assertThat(browser.findElement(By.id("access-error")).getText()).isEqualTo("Chiave non valida");
        signIn(network.keys().viewer());
        wait.until(d -> "6".equals(headline("casesOpened")));
        assertThat(headline("referralsSent")).isEqualTo("5");
        assertThat(headline("placements")).isEqualTo("<5");
        assertThat(headline("referralsOverdue")).isEqualTo("5");
        assertThat(shown(By.cssSelector("#headline-casesOpened .label"))).isEqualTo("Casi aperti");
        assertThat(browser.findElements(By.cssSelector("#table-stuck-referrals tbody tr"))).hasSize(5);
        assertThat(shown(By.cssSelector("#table-cases-by-territory td[data-column=territory]"))).isEqualTo("Sermide");
        wait.until(d -> browser.findElement(By.id("live")).getAttribute("class").contains("online"));

        js("window.__reteMarker = 'still the same page';");
        String rendersBefore = browser.findElement(By.tagName("body")).getAttribute("data-renders");

        network.ledgers().publish(List.of(events.caseOpened(owner, "bt-case-" + UUID.randomUUID(),
                start.plus(Duration.ofDays(7)), "Sermide", Sector.AGRICULTURE, IntakeChannel.OUTREACH_TEAM)));
        wait.until(d -> "7".equals(headline("casesOpened")));

        assertThat(js("return window.__reteMarker;")).isEqualTo("still the same page");
        // re-rendering replaces the page's parts, it does not pile them up
        assertThat(browser.findElements(By.cssSelector(".stuck h2 a.csv"))).hasSize(1);
        assertThat(Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-renders")))
                .isGreaterThan(Integer.parseInt(rendersBefore));

        // for a person to look at: target/dashboard-it.png
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                Path.of("target", "dashboard-it.png"), StandardCopyOption.REPLACE_EXISTING);

        browser.findElement(By.id("lang-en")).click();
        wait.until(d -> "Cases opened".equals(
                browser.findElement(By.cssSelector("#headline-casesOpened .label")).getText()));
        assertThat(headline("casesOpened")).isEqualTo("7");
        assertThat(js("return window.__reteMarker;")).isEqualTo("still the same page");
    }

    private void signIn(String key) {
        var input = browser.findElement(By.id("access-key"));
        input.clear();
        input.sendKeys(key);
        browser.findElement(By.cssSelector("#access button[type=submit]")).click();
    }

    private String headline(String key) {
        return shown(By.cssSelector("#headline-" + key + " .value"));
    }

    /** The text of the first element found, or null; the page may redraw it between finding and reading it. */
    private String shown(By what) {
        for (int attempt = 1; ; attempt++) {
            try {
                var found = browser.findElements(what);
                return found.isEmpty() ? null : found.get(0).getText();
            }
            catch (StaleElementReferenceException redrawn) {
                if (attempt == 5) {
                    throw redrawn;
                }
            }
        }
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }
}
