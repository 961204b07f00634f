package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.testsupport.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's page of two partners in a real headless Chromium, clicked through the whole referral story: the
 * Prefettura's operator opens a case, records consent, picks the NGO's service from the directory (with its
 * capacity) and refers; the NGO's operator finds it in the inbox, accepts, records a placement and completes; the
 * Prefettura's operator sees it completed and closes the case. Errors appear next to their field. Skipped when
 * Debian's chromium and chromium-driver are absent, unless {@code RETE_BROWSER_TESTS=required}.
 */
class OperatorPageBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path profile;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void startBrowser() throws Exception {
        browser = HeadlessChromium.start(profile, "1400,1200");
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void twoOperatorsClickThroughTheWholeReferralStory() {
        TestNetwork network = TestNetwork.get();
        PartnerNode prefettura = network.partner(TestNetwork.PREFETTURA);
        PartnerNode lule = network.partner(TestNetwork.LULE);
        String prefetturaKey = network.keys(TestNetwork.PREFETTURA).operator();
        String luleKey = network.keys(TestNetwork.LULE).operator();

        // the Prefettura's operator: sign in with the key (kept in sessionStorage, not in the URL or a cookie)
        open(prefettura);
        signIn(prefetturaKey);
        assertThat(browser.getCurrentUrl()).doesNotContain(prefetturaKey);
        assertThat(browser.manage().getCookies()).isEmpty();
        assertThat(js("return sessionStorage.getItem('rete.operatorKey')")).isEqualTo(prefetturaKey);

        // an error appears next to its field, and nothing is opened
        WebElement caseForm = browser.findElement(By.id("case-form"));
        caseForm.findElement(By.name("territory")).clear();
        caseForm.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement territoryError = waitVisible("#case-form [data-error-for=territory]");
        assertThat(territoryError.getText()).isNotBlank();

        caseForm.findElement(By.name("territory")).sendKeys("Castiglione delle Stiviere");
        new Select(caseForm.findElement(By.name("sector"))).selectByValue("AGRICULTURE");
        new Select(caseForm.findElement(By.name("intakeChannel"))).selectByValue("OUTREACH_TEAM");
        caseForm.findElement(By.cssSelector("button[type=submit]")).click();
        waitVisible("#current-case");
        wait.until(d -> !d.findElement(By.id("case-id")).getText().isBlank());
        String caseId = browser.findElement(By.id("case-id")).getText();
        assertThat(territoryError.isDisplayed()).isFalse();

        // the consent notice is read to the person in Arabic, right to left
        new Select(browser.findElement(By.id("person-language"))).selectByValue("ar");
        WebElement notice = browser.findElement(By.id("consent-notice"));
        assertThat(notice.getAttribute("dir")).isEqualTo("rtl");
        assertThat(notice.getText()).containsPattern("[\\u0600-\\u06FF]");
        WebElement consentForm = browser.findElement(By.id("consent-form"));
        consentForm.findElement(By.name("allowedRecipients")).sendKeys(TestNetwork.LULE);
        consentForm.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> "true".equals(d.findElement(By.id("consent-form")).getAttribute("data-recorded")));

        // the NGO's service in the directory, with its capacity
        String serviceId = TestNetwork.LULE + ".orientamento";
        String serviceRow = "#directory tr[data-service='" + serviceId + "']";
        assertThat(waitVisible(serviceRow + " td.capacity").getText()).matches("\\d+ / 10");

        // referring without choosing a service: the error is shown at the directory
        WebElement referForm = browser.findElement(By.id("refer-form"));
        referForm.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(waitVisible("#refer-form [data-error-for=serviceId]").getText()).isNotBlank();
        browser.findElement(By.cssSelector(serviceRow + " input[type=radio]")).click();
        new Select(referForm.findElement(By.name("urgency"))).selectByValue("PRIORITY");
        referForm.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement sent = waitVisible("#case-referrals tr[data-state=REQUESTED]");
        String referralId = sent.getAttribute("data-referral");
        assertThat(sent.getText()).contains(serviceId);

        // the NGO's operator, on its own page
        open(lule);
        signIn(luleKey);
        WebElement row = waitForRow("#inbox tr[data-referral='" + referralId + "']", "#reload-inbox");
        row.findElement(By.cssSelector("button.open")).click();
        waitVisible("#referral-panel");
        browser.findElement(By.id("accept")).click();
        waitText("#referral-state", "ACCEPTED");

        WebElement placement = browser.findElement(By.id("placement-form"));
        new Select(placement.findElement(By.name("kind"))).selectByValue("REGULAR_EMPLOYMENT");
        js("document.querySelector('#placement-form [name=startDate]').value = arguments[0]",
                LocalDate.now().toString());
        placement.findElement(By.cssSelector("button[type=submit]")).click();
        // a regular job needs its contract type: said next to that field
        assertThat(waitVisible("#placement-form [data-error-for=contractType]").getText()).isNotBlank();
        new Select(placement.findElement(By.name("contractType"))).selectByValue("SEASONAL");
        placement.findElement(By.cssSelector("button[type=submit]")).click();
        waitText("#referral-state", "IN_PROGRESS");

        WebElement complete = browser.findElement(By.id("complete-form"));
        new Select(complete.findElement(By.name("outcome"))).selectByValue("SUCCESSFUL");
        complete.findElement(By.cssSelector("button[type=submit]")).click();
        waitText("#referral-state", "COMPLETED");

        // back at the Prefettura: completed across the network, then the case is closed
        open(prefettura);
        waitVisible("#current-case");
        waitForRow("#case-referrals tr[data-referral='" + referralId + "'][data-state=COMPLETED]", "#reload-case");
        new Select(browser.findElement(By.cssSelector("#close-form [name=reason]"))).selectByValue("GOALS_MET");
        browser.findElement(By.cssSelector("#close-form button[type=submit]")).click();
        waitText("#case-status", "CLOSED");
        Story.awaitReferralState(prefettura, referralId, "COMPLETED");
        assertThat(prefettura.get("/api/cases/" + caseId).json().get("caseFile").get("status").asString())
                .isEqualTo("CLOSED");

        // English for the operator
        browser.findElement(By.cssSelector(".languages button[data-lang=en]")).click();
        assertThat(browser.findElement(By.cssSelector("#inbox-panel h2 span")).getText())
                .isEqualTo("Referrals received");
    }

    @Test
    void theInboxListsOldestFirstAndHighlightsAReferralPastItsDueByDate() {
        TestNetwork network = TestNetwork.get();
        PartnerNode prefettura = network.partner(TestNetwork.PREFETTURA);
        PartnerNode lule = network.partner(TestNetwork.LULE);
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        String older = Story.refer(prefettura, caseId, TestNetwork.LULE);
        Story.awaitReferralState(lule, older, "REQUESTED");
        open(lule);
        signIn(network.keys(TestNetwork.LULE).operator());

        // due in ten seconds: overdue then (the page compares the due-by date with the time now), expired eight
        // seconds later (the test network's grace period)
        var response = prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"toPartnerId": "%s", "serviceType": "HOUSING", "urgency": "ROUTINE", "dueBy": "%s"}"""
                .formatted(TestNetwork.LULE, Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.MILLIS)));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        String soonDue = response.json().get("referralId").asString();
        waitForRow("#inbox tr[data-referral='" + soonDue + "']", "#reload-inbox");
        String order = (String) js("return Array.from(document.querySelectorAll('#inbox tbody tr'))"
                + ".map(function (r) { return r.getAttribute('data-referral'); }).join(',')");
        assertThat(order.indexOf(older)).isNotNegative().isLessThan(order.indexOf(soonDue));

        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(200)).until(d -> {
            if (!d.findElements(By.cssSelector("#inbox tr.overdue[data-referral='" + soonDue + "']")).isEmpty()) {
                return true;
            }
            js("arguments[0].click()", d.findElement(By.id("reload-inbox")));
            return false;
        });
        assertThat(browser.findElement(By.cssSelector("#inbox tr[data-referral='" + older + "']"))
                .getAttribute("class")).doesNotContain("overdue");

        // left to expire, at both parties, so that no timer publishes an event in another test's time; a withdrawal
        // here would cross lule's overdue report in flight, which a later verify of the whole history reports
        Story.awaitReferralState(lule, soonDue, "EXPIRED");
        Story.awaitReferralState(prefettura, soonDue, "EXPIRED");
    }

    private void open(PartnerNode partner) {
        browser.get(partner.baseUri() + "/");
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private void signIn(String key) {
        if ("true".equals(browser.findElement(By.tagName("body")).getAttribute("data-signed-in"))) {
            return;
        }
        browser.findElement(By.id("api-key")).sendKeys(key);
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-signed-in")));
    }

    private WebElement waitVisible(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private void waitText(String css, String text) {
        wait.until(ExpectedConditions.textToBe(By.cssSelector(css), text));
    }

    /** Presses {@code reloadButton} until the row appears (the events cross the network meanwhile). */
    private WebElement waitForRow(String css, String reloadButton) {
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(250)).until(d -> {
            var found = d.findElements(By.cssSelector(css));
            if (!found.isEmpty()) {
                return found.get(0);
            }
            js("arguments[0].click()", d.findElement(By.cssSelector(reloadButton)));
            return null;
        });
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }
}
