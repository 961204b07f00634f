package it.rete.plumbing.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for the services' browser tests (packages chromium and chromium-driver). Without them
 * a test is skipped, unless {@code RETE_BROWSER_TESTS=required} (as in CI), where it fails instead.
 */
public final class HeadlessChromium {

    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /**
     * A new browser with a fresh profile under {@code profileDirectory}; quit it after the test.
     *
     * @param windowSize for example {@code "1400,1200"}
     */
    public static WebDriver start(Path profileDirectory, String windowSize) throws IOException {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            String message = "Browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install -y chromium chromium-driver)";
            if ("required".equals(System.getenv("RETE_BROWSER_TESTS"))) {
                throw new IllegalStateException(message + ", and RETE_BROWSER_TESTS=required");
            }
            Assumptions.abort(message + ": skipped");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // without the background-networking flags Chromium keeps dialling out, and this network refuses it
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + windowSize,
                "--user-data-dir=" + Files.createDirectories(profileDirectory.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
