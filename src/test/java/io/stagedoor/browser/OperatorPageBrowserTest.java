package io.stagedoor.browser;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator page (/admin) in headless Chromium against the app on a random port: the key prompt,
 * the live figures of a real line, the controls (pause, resume, drain, max-active) as the page and
 * the admin API both tell them, the audit list, and a simulated sale for the README's screenshot.
 * Five users may be active per concert and one is admitted per tick (100 ms in the test profile).
 */
@TestPropertySource(properties = { "stagedoor.queue.max-active=5", "stagedoor.queue.admit-per-tick=1",
		"logging.level.org.openqa.selenium.devtools=error" })
class OperatorPageBrowserTest extends BrowserTest {

	private static final String KEY = "stagedoor-test-admin-key";

	private static final String ACTOR = "Test operator";

	@Test
	void theKeyPromptRefusesAWrongKeyAndKeepsTheRightOneForTheTabOnly() {
		Browser page = browser();
		page.open(adminPage());
		page.awaitFocus(By.id("admin-key"));
		page.type(By.id("admin-key"), "not-the-admin-key-at-all");
		page.press(Keys.ENTER);

		page.awaitText(By.id("sign-in-error"), "That admin key was refused. Check stagedoor.admin.key and try again.");
		assertThat(page.script("return sessionStorage.getItem('stagedoor.admin.key')")).isNull();
		assertThat(page.visible(By.id("view-sign-in")).isDisplayed()).isTrue();

		signIn(page);
		page.reload();
		page.visible(By.id("dashboard-title"));
		page.awaitAttributeChange(By.id("updated"), "data-refreshes", "0");
		page.click(By.id("sign-out"));
		page.visible(By.id("admin-key"));
		assertThat(page.script("return sessionStorage.getItem('stagedoor.admin.key')")).isNull();
		assertThat(page.scriptErrors()).isEmpty();
	}

	@Test
	void anOperatorSeesTheLineAndPausesResumesDrainsAndRaisesMaxActive() {
		TestConcerts.Concert concert = named("Operator test: pause and resume", this.concerts.create());
		Browser page = browser();
		page.open(adminPage());
		signIn(page);
		page.select(By.id("concert"), String.valueOf(concert.id()));
		page.awaitAttribute(By.id("fig-waiting"), "data-value", "0");
		page.awaitText(By.id("line-state"), "Admitting");

		page.click(By.id("toggle-pause"));
		page.awaitTextContaining(By.id("answer"), "Admission paused");
		page.awaitAttribute(By.id("line-state"), "data-paused", "true");
		page.awaitText(By.id("toggle-pause"), "Resume admission");
		assertThat(adminLine(concert).get("paused").asBoolean()).as("the API says paused too").isTrue();

		int users = 12;
		List<User> line = IntStream.range(0, users).mapToObj(i -> waiting(concert)).toList();
		page.awaitAttribute(By.id("fig-waiting"), "data-value", String.valueOf(users));
		// a late arrival is counted, so ticks run while paused, and still nobody is admitted
		User late = waiting(concert);
		page.awaitAttribute(By.id("fig-waiting"), "data-value", String.valueOf(users + 1));
		String refreshes = page.attribute(By.id("updated"), "data-refreshes");
		for (int i = 0; i < 3; i++) {
			page.awaitAttributeChange(By.id("updated"), "data-refreshes", refreshes);
			refreshes = page.attribute(By.id("updated"), "data-refreshes");
			assertThat(page.attribute(By.id("fig-admitted"), "data-value")).isEqualTo("0");
			assertThat(page.attribute(By.id("fig-active"), "data-value")).isEqualTo("0");
		}
		JsonNode paused = adminLine(concert);
		assertThat(paused.get("admittedTotal").asLong()).isZero();
		assertThat(paused.get("waiting").asLong()).isEqualTo(users + 1);
		assertThat(status(line.get(0))).isEqualTo("WAITING");

		page.click(By.id("toggle-pause"));
		page.awaitTextContaining(By.id("answer"), "Admission resumed");
		page.awaitAttribute(By.id("line-state"), "data-paused", "false");
		page.awaitAttribute(By.id("fig-active"), "data-value", "5");
		page.awaitText(By.id("fig-active"), "5 of 5");
		page.awaitAttribute(By.id("fig-waiting"), "data-value", String.valueOf(users + 1 - 5));
		page.awaitAttribute(By.id("fig-admitted"), "data-value", "5");
		assertThat(line.subList(0, 5)).as("the first five in line, in order").allMatch(u -> "ACTIVE".equals(status(u)));
		assertThat(status(line.get(5))).isEqualTo("WAITING");

		page.type(By.id("max-active"), "8");
		page.press(Keys.ENTER);
		page.awaitText(By.id("answer"), "Applied: max active 8, admit per tick 1, in force from the next tick.");
		page.awaitText(By.id("max-active-now"), "in force: 8");
		assertThat(adminLine(concert).get("maxActive").asInt()).isEqualTo(8);
		page.awaitAttribute(By.id("fig-active"), "data-value", "8");
		page.awaitText(By.id("fig-active"), "8 of 8");

		page.click(By.id("toggle-drain"));
		page.awaitTextContaining(By.id("answer"), "Draining: no new tokens are issued");
		page.awaitText(By.id("line-state"), "Admitting · Draining");
		Response refused = this.api.enter(UUID.randomUUID(), concert.id());
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.code()).isEqualTo("QUEUE_CLOSED");
		assertThat(this.api.enter(late.id(), concert.id()).status()).as("a live entry keeps its place").isEqualTo(200);
		page.click(By.id("toggle-drain"));
		page.awaitText(By.id("entry-state"), "open");
		assertThat(this.api.enter(UUID.randomUUID(), concert.id()).status()).isEqualTo(201);

		page.type(By.id("admit-per-tick"), "0");
		page.click(By.id("apply-limits"));
		page.awaitText(By.id("control-error"), "Admit per tick must be a whole number from 1 to 100,000.");

		By audit = By.cssSelector("#audit tr");
		page.awaitCount(audit, 5);
		assertThat(page.textOf(By.cssSelector("#audit tr:nth-child(1)"))).contains(ACTOR, "Stopped draining");
		assertThat(page.textOf(By.cssSelector("#audit tr:nth-child(3)"))).contains(ACTOR, "Max active → 8");
		assertThat(page.textOf(By.cssSelector("#audit tr:nth-child(4)"))).contains(ACTOR, "Resumed admission");
		assertThat(page.textOf(By.cssSelector("#audit tr:nth-child(5)"))).contains(ACTOR, "Paused admission");
		JsonNode newest = this.api.call(HttpMethod.GET, "/admin/api/audit?concertId=" + concert.id() + "&limit=1", null,
				null, Map.of("X-Admin-Key", KEY)).block().body().get(0);
		assertThat(newest.get("actor").asString()).isEqualTo(ACTOR);
		assertThat(newest.get("change").asString()).isEqualTo("{\"draining\":false}");
		assertThat(page.scriptErrors()).isEmpty();
	}

	/**
	 * A few hundred simulated buyers arrive in waves; some give up while waiting, the admitted hold a
	 * seat and pay, hold one and leave, or just leave. The page follows the sale live; it is saved as
	 * the README's screenshot, then its figures are checked against the database and the API.
	 */
	@Test
	void duringASimulatedSaleThePageShowsTheLineTheHoldsAndTheSeatsSold() {
		TestConcerts.Concert concert = named("Stagedoor Live 2026: Operator Night", this.concerts.create(
				TestConcerts.today().plusDays(7), TestConcerts.today().plusDays(8), TestConcerts.today().plusDays(9)));
		Response limits = this.api.call(HttpMethod.PATCH, "/admin/api/concerts/" + concert.id() + "/controls", null,
				Map.of("maxActive", 30, "admitPerTick", 2), Map.of("X-Admin-Key", KEY, "X-Admin-Actor", "Sale rehearsal"))
			.block();
		assertThat(limits.status()).isEqualTo(200);

		Browser page = browser();
		page.open(adminPage());
		signIn(page);
		page.select(By.id("concert"), String.valueOf(concert.id()));
		page.awaitText(By.id("fig-active"), "0 of 30");

		Sale sale = new Sale(concert, 360, new Random(7));
		Disposable running = sale.start();
		try {
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
					positive(page, "fig-waiting") && positive(page, "fig-holds") && positive(page, "fig-sold")
							&& Integer.parseInt(page.attribute(By.id("chart-waiting"), "data-samples")) >= 20);
			page.script("document.activeElement.blur()"); // no focus ring left on the picker in the picture
			page.screenshot("operator-dashboard");
		}
		finally {
			running.dispose();
		}

		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			long soldNow = number("SELECT COUNT(*) AS n FROM sold_seat WHERE concert_id = :p", concert.id());
			assertThat(page.attribute(By.id("fig-sold"), "data-value")).isEqualTo(String.valueOf(soldNow));
			JsonNode line = adminLine(concert);
			assertThat(page.attribute(By.id("fig-admitted"), "data-value"))
				.isEqualTo(String.valueOf(line.get("admittedTotal").asLong()));
			assertThat(page.attribute(By.id("fig-abandoned"), "data-value")).isEqualTo(String.valueOf(
					line.get("abandoned").get("idle").asLong() + line.get("abandoned").get("left").asLong()
							+ line.get("abandoned").get("lapsed").asLong()));
		});
		assertThat(positive(page, "fig-sold")).isTrue();
		assertThat(page.textOf(By.id("fig-sold"))).endsWith(" of 150");
		assertThat(sale.serverErrors).as("no answer of the sale was a 5xx").isEmpty();
		assertThat(page.scriptErrors()).isEmpty();
	}

	private Browser browser() {
		return browser("en-US", 1280, 900);
	}

	private String adminPage() {
		return url("/admin");
	}

	private static void signIn(Browser page) {
		page.type(By.id("admin-key"), KEY);
		page.type(By.id("admin-actor"), ACTOR);
		page.click(By.id("sign-in"));
		page.visible(By.id("dashboard-title"));
		page.awaitAttributeChange(By.id("updated"), "data-refreshes", "0");
	}

	private static boolean positive(Browser page, String figure) {
		String value = page.attribute(By.id(figure), "data-value");
		return value != null && !value.isEmpty() && Double.parseDouble(value) > 0;
	}

	private TestConcerts.Concert named(String title, TestConcerts.Concert concert) {
		this.db.sql("UPDATE concert SET title = :title WHERE id = :id")
			.bind("title", title)
			.bind("id", concert.id())
			.then()
			.block();
		return concert;
	}

	/** The concert's line as GET /admin/api/concerts/{id} tells it. */
	private JsonNode adminLine(TestConcerts.Concert concert) {
		Response answer = this.api.call(HttpMethod.GET, "/admin/api/concerts/" + concert.id(), null, null,
				Map.of("X-Admin-Key", KEY)).block();
		assertThat(answer.status()).isEqualTo(200);
		return answer.body().get("line");
	}

	private User waiting(TestConcerts.Concert concert) {
		UUID id = UUID.randomUUID();
		Response entered = this.api.enter(id, concert.id());
		assertThat(entered.status()).isEqualTo(201);
		assertThat(entered.field("status")).isEqualTo("WAITING");
		return new User(id, entered.field("token"));
	}

	private String status(User user) {
		return this.api.get("/api/v1/queue/status", user.token()).field("status");
	}

	/** What one simulated buyer will do, drawn up front (so no random number is made on an event loop). */
	private record Plan(UUID userId, Duration arrival, Intent intent, Duration think, LocalDate date, int firstSeat,
			String payKey) {
	}

	private enum Intent {
		GIVE_UP_WAITING, LEAVE, HOLD_THEN_LEAVE, BUY
	}

	/** Buyers arriving in three waves over 15 s, each one a chain of real API calls. */
	private final class Sale {

		private final TestConcerts.Concert concert;

		private final List<Plan> plans = new ArrayList<>();

		private final Queue<String> serverErrors = new ConcurrentLinkedQueue<>();

		Sale(TestConcerts.Concert concert, int buyers, Random random) {
			this.concert = concert;
			Intent[] intents = Intent.values();
			for (int i = 0; i < buyers; i++) {
				long arrival = (i < buyers / 2) ? random.nextInt(3000)
						: (i < buyers * 5 / 6) ? 6000 + random.nextInt(3000) : 12000 + random.nextInt(3000);
				this.plans.add(new Plan(UUID.randomUUID(), Duration.ofMillis(arrival),
						intents[random.nextInt(intents.length)], Duration.ofMillis(1000 + random.nextInt(6000)),
						concert.date().plusDays(random.nextInt(3)), 1 + random.nextInt(50), UUID.randomUUID().toString()));
			}
		}

		Disposable start() {
			return Flux.fromIterable(this.plans).flatMap(this::buyer, this.plans.size()).subscribe();
		}

		private Mono<Void> buyer(Plan plan) {
			return Mono.delay(plan.arrival())
				.then(call(HttpMethod.POST, "/api/v1/queue/tokens", null,
						Map.of("userId", plan.userId().toString(), "concertId", this.concert.id()), Map.of()))
				.filter(entered -> entered.status() == 201)
				.map(entered -> new User(plan.userId(), entered.field("token")))
				.flatMap(user -> (plan.intent() == Intent.GIVE_UP_WAITING)
						? Mono.delay(plan.think()).then(leave(user))
						: admitted(user).filter(Boolean::booleanValue).flatMap(yes -> act(user, plan)))
				.onErrorResume(ex -> Mono.empty());
		}

		/** Polls as the answer's pollAfterMs says, until the user is admitted (true) or the entry ends. */
		private Mono<Boolean> admitted(User user) {
			return call(HttpMethod.GET, "/api/v1/queue/status", user.token(), null, Map.of()).flatMap(status -> {
				if (status.status() != 200) {
					return Mono.just(false);
				}
				if ("ACTIVE".equals(status.field("status"))) {
					return Mono.just(true);
				}
				long after = Math.max(500, Math.min(3000, status.body().get("pollAfterMs").asLong()));
				return Mono.delay(Duration.ofMillis(after)).then(Mono.defer(() -> admitted(user)));
			});
		}

		private Mono<Void> act(User user, Plan plan) {
			return switch (plan.intent()) {
				case LEAVE, GIVE_UP_WAITING -> Mono.delay(plan.think().dividedBy(3)).then(leave(user));
				case HOLD_THEN_LEAVE -> hold(user, plan).then(Mono.delay(plan.think())).then(leave(user));
				case BUY -> hold(user, plan).delayElement(plan.think().dividedBy(2)).flatMap(held -> pay(user, plan, held));
			};
		}

		/** Holds the first free seat from the planned one on (a few tries, as a buyer clicking around). */
		private Mono<Response> hold(User user, Plan plan) {
			return Flux.range(0, 6)
				.map(i -> 1 + (plan.firstSeat() - 1 + 7 * i) % 50)
				.concatMap(seat -> call(HttpMethod.POST, "/api/v1/reservations", user.token(),
						Map.of("concertId", this.concert.id(), "date", plan.date().toString(), "seatNo", seat), Map.of()))
				.filter(held -> held.status() == 201)
				.next();
		}

		private Mono<Void> pay(User user, Plan plan, Response held) {
			long price = held.body().get("price").asLong();
			return call(HttpMethod.POST, "/api/v1/users/" + user.id() + "/balance/charge", user.token(),
					Map.of("amount", price), Map.of("Idempotency-Key", "charge-" + plan.payKey()))
				.then(call(HttpMethod.POST, "/api/v1/payments", user.token(),
						Map.of("reservationIds", List.of(held.field("reservationId"))),
						Map.of("Idempotency-Key", "pay-" + plan.payKey())))
				.then();
		}

		private Mono<Void> leave(User user) {
			return call(HttpMethod.DELETE, "/api/v1/queue/tokens/me", user.token(), null, Map.of()).then();
		}

		private Mono<Response> call(HttpMethod method, String path, String token, Object body,
				Map<String, String> headers) {
			return OperatorPageBrowserTest.this.api.call(method, path, token, body, headers).doOnNext(answer -> {
				if (answer.status() >= 500) {
					this.serverErrors.add(method + " " + path + " -> " + answer.status() + " " + answer.text());
				}
			});
		}

	}

}
