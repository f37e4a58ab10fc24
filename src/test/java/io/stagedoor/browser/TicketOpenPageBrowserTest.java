package io.stagedoor.browser;

import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.TestConcerts;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ticket-open page in a real browser (headless Chromium) against the app on a random port. Two
 * users may be active per concert and one is admitted per tick, so users of the Api helper can fill
 * the slots and make the page's user really wait. Each step leaves a screenshot in docs/screenshots
 * (in name order, so the first one shows the concert list before the other tests add to it).
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
@TestPropertySource(properties = { "stagedoor.queue.max-active=2", "stagedoor.queue.admit-per-tick=1",
		"logging.level.org.openqa.selenium.devtools=error" })
class TicketOpenPageBrowserTest extends BrowserTest {

	@Test
	void aBuyerWaitsInLinePicksSeatsChargesAndPaysAndSeesTheTickets() {
		TestConcerts.Concert concert = concert("Stagedoor Live 2026: Browser Night", "Olympic Hall, Seoul");
		User first = this.api.activeUser(concert.id());
		this.api.activeUser(concert.id());
		User ahead = entered(concert);
		Browser page = browser("en-US", 1280, 900);

		page.open(home());
		By enter = By.cssSelector("button[data-concert-id='" + concert.id() + "']");
		page.visible(enter);
		page.screenshot("01-concerts");

		page.click(enter);
		page.awaitText(By.id("position-number"), "2");
		page.awaitText(By.id("queue-mode"), "Updating live.");
		page.screenshot("02-waiting-room");

		assertThat(this.api.delete("/api/v1/queue/tokens/me", ahead.token()).status()).isEqualTo(204);
		page.awaitText(By.id("position-number"), "1");
		page.reload();
		page.awaitText(By.id("position-number"), "1");

		assertThat(this.api.delete("/api/v1/queue/tokens/me", first.token()).status()).isEqualTo(204);
		page.visible(By.id("booking-title"));
		page.click(date(concert));
		page.awaitCount(By.cssSelector("#seat-map button[data-status='AVAILABLE']"), 50);
		page.click(seat(12));
		page.awaitCount(By.cssSelector("#holds li"), 1);
		page.awaitFocus(seat(12));
		page.press(Keys.ARROW_RIGHT);
		page.awaitFocus(seat(13));
		page.press(Keys.ENTER);
		page.awaitCount(By.cssSelector("#holds li"), 2);
		page.awaitAttribute(seat(13), "data-status", "MINE");
		page.awaitText(By.id("holds-total"), "₩240,000");
		page.awaitText(By.id("shortfall"), "You need ₩240,000 more: charge first.");
		page.screenshot("03-seat-map");

		page.click(By.id("pay"));
		page.awaitText(By.id("notice"), "Not enough balance — charge first.");
		page.awaitAttribute(By.id("charge-amount"), "value", "240000");
		page.click(By.id("charge"));
		page.awaitText(By.id("balance"), "₩240,000");
		page.click(By.id("pay"));

		page.visible(By.id("paid-title"));
		page.awaitCount(By.cssSelector("#tickets li"), 2);
		page.awaitTextContaining(By.id("tickets"), "Seat 12");
		page.awaitTextContaining(By.id("tickets"), "Seat 13");
		page.awaitTextContaining(By.id("payment"), "₩240,000");
		page.screenshot("04-paid");
		assertThat(number("SELECT COUNT(*) AS n FROM sold_seat WHERE concert_id = :p", concert.id())).isEqualTo(2);
		assertThat(page.scriptErrors()).isEmpty();
	}

	@Test
	void aBuyerWhoComesBeforeTheOpenWaitsInThePreQueueAndIsAdmittedAfterIt() {
		TestConcerts.Concert concert = concert("Stagedoor Live 2026: Encore", "Olympic Hall, Seoul");
		this.db.sql("UPDATE concert SET sale_opens_at = :at WHERE id = :id")
			.bind("at", java.time.LocalDateTime.ofInstant(java.time.Instant.now().plusSeconds(15), java.time.ZoneOffset.UTC))
			.bind("id", concert.id())
			.then()
			.block();
		Browser page = browser("en-US", 1280, 900);
		page.open(home());
		By enter = By.cssSelector("button[data-concert-id='" + concert.id() + "']");
		page.visible(enter);
		page.awaitTextContaining(By.id("concert-list"), "line opens");
		page.click(enter);
		page.awaitText(By.id("position-number"), "Drawn at the open");
		page.awaitTextContaining(By.id("eta"), "gets a place drawn at random at the open");
		page.awaitTextContaining(By.id("queue-mode"), "Updating live.");
		page.screenshot("08-pre-queue");

		// the open: the stream says so and, with free slots, the buyer is admitted
		page.visible(By.id("booking-title"));
		assertThat(page.scriptErrors()).isEmpty();
	}

	@Test
	void aSecondBuyerWhoClicksASeatJustTakenIsToldSo() {
		TestConcerts.Concert concert = concert("Stagedoor Live 2026: Second Show", "Olympic Hall, Seoul");
		Browser page = browser("en-US", 1280, 900);
		page.open(home());
		page.click(By.cssSelector("button[data-concert-id='" + concert.id() + "']"));
		page.visible(By.id("booking-title"));
		page.click(date(concert));
		page.awaitCount(By.cssSelector("#seat-map button[data-status='AVAILABLE']"), 50);
		User rival = this.api.activeUser(concert.id());

		// right after one of the page's seat refreshes, so the hold lands before the next
		String refreshes = page.attribute(By.id("seat-map"), "data-refreshes");
		page.awaitAttributeChange(By.id("seat-map"), "data-refreshes", refreshes);
		assertThat(this.api.hold(rival, concert.id(), concert.date(), 7).status()).isEqualTo(201);
		assertThat(page.attribute(seat(7), "data-status")).as("the page has not seen the hold yet").isEqualTo("AVAILABLE");
		page.click(seat(7));

		page.awaitAttribute(By.id("notice"), "data-code", "SEAT_UNAVAILABLE");
		page.awaitText(By.id("notice"), "That seat was just taken. Please pick another one.");
		page.awaitAttribute(seat(7), "data-status", "HELD");
		assertThat(page.textOf(By.id("holds-empty"))).isEqualTo("No seats held yet.");
		page.screenshot("05-seat-taken");

		page.viewport(390, 844);
		page.scrollTo(By.id("seats-title"));
		page.screenshot("06-phone");
		assertThat(page.scriptErrors()).isEmpty();
	}

	@Test
	void aKoreanBrowserWhoseEventStreamIsBlockedPollsAndIsOfferedToEnterAgainWhenItsPlaceEnds() {
		TestConcerts.Concert concert = concert("Stagedoor Live 2026: 서울 공연", "올림픽홀, 서울");
		this.api.activeUser(concert.id());
		this.api.activeUser(concert.id());
		Browser page = browser("ko-KR", 390, 844);
		page.block("*/queue/events*");

		page.open(home());
		page.awaitText(By.id("concerts-title"), "예매 중인 공연");
		page.click(By.cssSelector("button[data-concert-id='" + concert.id() + "']"));
		page.awaitText(By.id("position-number"), "1");
		page.awaitTextContaining(By.id("position-live"), "나의 대기 순번");
		page.awaitTextContaining(By.id("queue-mode"), "실시간 연결이 끊겨");
		page.screenshot("07-phone-ko");

		// the entry ends elsewhere (here: the same user leaves from another client); the next poll learns it
		UUID userId = UUID.fromString((String) page.script("return localStorage.getItem('stagedoor.userId')"));
		Response again = this.api.enter(userId, concert.id());
		assertThat(again.status()).as("the page's entry, same place").isEqualTo(200);
		assertThat(again.body().get("position").asInt()).isEqualTo(1);
		assertThat(this.api.delete("/api/v1/queue/tokens/me", again.field("token")).status()).isEqualTo(204);

		page.awaitText(By.id("ended-title"), "대기열 순서가 만료되었습니다");
		page.click(By.id("enter-again"));
		page.awaitText(By.id("position-number"), "1");
	}

	private String home() {
		return url("/");
	}

	/** A concert with three dates and the demo's price bands, so the page looks as on sale day. */
	private TestConcerts.Concert concert(String title, String venue) {
		TestConcerts.Concert concert = this.concerts.create(TestConcerts.today().plusDays(7),
				TestConcerts.today().plusDays(8), TestConcerts.today().plusDays(9));
		this.db.sql("UPDATE concert SET title = :title, venue = :venue WHERE id = :id")
			.bind("title", title)
			.bind("venue", venue)
			.bind("id", concert.id())
			.then()
			.block();
		this.db.sql("UPDATE seat SET price = CASE WHEN seat_no <= 10 THEN 150000 WHEN seat_no <= 30 THEN 120000 "
				+ "ELSE 90000 END WHERE concert_id = :id")
			.bind("id", concert.id())
			.then()
			.block();
		return concert;
	}

	private User entered(TestConcerts.Concert concert) {
		UUID id = UUID.randomUUID();
		Response entered = this.api.enter(id, concert.id());
		assertThat(entered.field("status")).isEqualTo("WAITING");
		return new User(id, entered.field("token"));
	}

	private static By date(TestConcerts.Concert concert) {
		return By.cssSelector("#dates button[data-date='" + concert.date() + "']");
	}

	private static By seat(int seatNo) {
		return By.cssSelector("#seat-map button[data-seat='" + seatNo + "']");
	}

}
