package io.stagedoor.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One browser context: Debian's Chromium, headless, with a fresh profile (so its own localStorage,
 * hence its own user), driven by the system's chromedriver. The driver's path is given, so Selenium
 * Manager never runs and nothing is downloaded.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration WAIT = Duration.ofSeconds(30);

	/**
	 * target/screenshots on every run; docs/screenshots (the README's) only when asked for with
	 * {@code -Dstagedoor.screenshots=docs} (or {@code =docs/screenshots}), so a test run leaves the
	 * work tree clean.
	 */
	private static final Path SCREENSHOTS = List.of("docs", "docs/screenshots")
		.contains(System.getProperty("stagedoor.screenshots")) ? Path.of("docs", "screenshots")
				: Path.of("target", "screenshots");

	private final Path profile;

	private final ChromeDriver driver;

	private final WebDriverWait wait;

	/**
	 * @param language the browser's language (navigator.language), e.g. "en-US" or "ko-KR"
	 */
	Browser(String language, int width, int height) {
		try {
			this.profile = Files.createTempDirectory("stagedoor-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
				"--user-data-dir=" + this.profile, "--window-size=" + width + "," + height, "--lang=" + language);
		options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.driver, WAIT);
		viewport(width, height);
	}

	static boolean installed() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	void open(String url) {
		this.driver.get(url);
	}

	void reload() {
		this.driver.navigate().refresh();
	}

	WebElement visible(By by) {
		return this.wait.until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	/** Picks the option with this value in a select, as a user of the list would. */
	void select(By by, String value) {
		new Select(visible(by)).selectByValue(value);
	}

	/** Replaces an input's text, as a user who selects it all and types would. */
	/**
	 * Replaces a field's text as a person does: focus it, select all, type. ({@code clear()} would set the
	 * value without an input event and blur the field, so a page refresh in between could put the old value
	 * back and the typed text would be appended to it.)
	 */
	void type(By by, String text) {
		WebElement input = visible(by);
		input.sendKeys(Keys.chord(Keys.CONTROL, "a") + text);
	}

	void click(By by) {
		this.wait.until(ExpectedConditions.elementToBeClickable(by)).click();
	}

	/** Key presses sent to whatever has the focus, as a keyboard user would. */
	void press(CharSequence... keys) {
		new Actions(this.driver).sendKeys(keys).perform();
	}

	void awaitFocus(By by) {
		this.wait.until(d -> d.switchTo().activeElement().equals(d.findElement(by)));
	}

	void awaitText(By by, String text) {
		this.wait.withMessage(() -> by + " to read '" + text + "' but it reads '" + textOf(by) + "'")
			.until(ExpectedConditions.textToBe(by, text));
	}

	void awaitTextContaining(By by, String text) {
		this.wait.withMessage(() -> by + " to contain '" + text + "' but it reads '" + textOf(by) + "'")
			.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
	}

	void awaitAttribute(By by, String attribute, String value) {
		this.wait.until(ExpectedConditions.attributeToBe(by, attribute, value));
	}

	void awaitCount(By by, int count) {
		this.wait.until(ExpectedConditions.numberOfElementsToBe(by, count));
	}

	/** Waits until the attribute differs from {@code before} (e.g. a refresh counter moved on). */
	void awaitAttributeChange(By by, String attribute, String before) {
		this.wait.until(d -> {
			String now = d.findElement(by).getDomAttribute(attribute);
			return now != null && !now.equals(before);
		});
	}

	String textOf(By by) {
		List<WebElement> found = this.driver.findElements(by);
		return found.isEmpty() ? "<none>" : found.get(0).getText();
	}

	String attribute(By by, String attribute) {
		return this.driver.findElement(by).getDomAttribute(attribute);
	}

	Object script(String script, Object... arguments) {
		return this.driver.executeScript(script, arguments);
	}

	/**
	 * Makes the page's viewport exactly this size (a headless window is larger than its viewport, and
	 * never narrower than 500 px); under 600 px wide it is a phone's, honouring the meta viewport.
	 */
	void viewport(int width, int height) {
		this.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
	}

	/** Makes every request whose URL matches the pattern fail, as a proxy that drops it would. */
	void block(String urlPattern) {
		this.driver.executeCdpCommand("Network.enable", Map.of());
		this.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of(urlPattern)));
	}

	void scrollTo(By by) {
		this.driver.executeScript("arguments[0].scrollIntoView({block: 'start'})", visible(by));
	}

	/** Saves what the viewport shows as {name}.png under the screenshots folder (overwriting). */
	void screenshot(String name) {
		byte[] png = this.driver.getScreenshotAs(OutputType.BYTES);
		try {
			Files.createDirectories(SCREENSHOTS);
			Files.write(SCREENSHOTS.resolve(name + ".png"), png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Errors the page's scripts logged, leaving out the console lines Chromium writes for every
	 * non-2xx answer ("Failed to load resource"): those are the API's refusals the page handles.
	 */
	List<String> scriptErrors() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter(message -> !message.contains("Failed to load resource"))
			.toList();
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteProfile();
		}
	}

	private void deleteProfile() {
		try (Stream<Path> files = Files.walk(this.profile)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// a temporary folder left behind is no reason to fail a test
		}
	}

}
