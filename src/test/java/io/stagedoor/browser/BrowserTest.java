package io.stagedoor.browser;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.Requirements;


/**
 * A test of a page in headless Chromium against the app on a random port: skipped where Debian's
 * Chromium and its driver are not installed, and every browser it opened is closed after each test.
 */
abstract class BrowserTest extends IntegrationTest {

	private final List<Browser> browsers = new ArrayList<>();

	@BeforeEach
	void chromiumIsInstalled() {
		Requirements.require(Browser.installed(), "Debian's Chromium and its driver at " + Browser.CHROMIUM + " and "
				+ Browser.CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
	}

	@AfterEach
	void closeBrowsers() {
		this.browsers.forEach(Browser::close);
	}

	/** A new browser window, closed after the test. */
	protected Browser browser(String language, int width, int height) {
		Browser browser = new Browser(language, width, height);
		this.browsers.add(browser);
		return browser;
	}

	protected String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
