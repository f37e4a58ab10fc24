package io.stagedoor.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.awaitility.core.ConditionTimeoutException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import io.stagedoor.support.Api;
import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.TestConcerts;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Buyers polling their status every 200 ms while a test kills a Redis server, with what each poll
 * answered: the record a failover is judged by (what users saw, when).
 */
final class FailoverWatch {

	record Answer(String group, long at, int status, String retryAfter, long tookMs) {
	}

	private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final Disposable load;

	private final Map<String, List<User>> groups;

	FailoverWatch(Api api, Map<String, List<User>> groups) {
		this.groups = groups;
		this.load = Flux.interval(Duration.ofMillis(200))
			.onBackpressureDrop()
			.flatMap(tick -> Flux.fromIterable(groups.entrySet())
				.flatMap(group -> Flux.fromIterable(group.getValue()).flatMap(user -> {
					long start = System.nanoTime();
					return api.call(HttpMethod.GET, "/api/v1/queue/status", user.token(), null, Map.of())
						.map(r -> new Answer(group.getKey(), System.currentTimeMillis(), r.status(),
								r.headers().getFirst("Retry-After"), (System.nanoTime() - start) / 1_000_000));
				})))
			.subscribe(this.answers::add);
	}

	/**
	 * Waits until every group has been answered 200 for {@code rounds} polls each: the baseline the
	 * failover is compared against.
	 */
	void awaitBaseline(int rounds) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
			.until(() -> this.groups.entrySet().stream().allMatch(group -> this.answers.stream()
				.filter(a -> a.group().equals(group.getKey()) && a.status() == 200)
				.count() >= (long) rounds * group.getValue().size()));
	}

	/**
	 * Waits until a group has answered only 200 for {@code steady} since {@code from} (the promotion)
	 * and its last refusal: the client has followed the failover and stays normal. Gives up after
	 * {@code atMost}; {@link #assertSurvived} then says what was seen.
	 */
	void awaitSteady(String group, long from, Duration steady, Duration atMost) {
		try {
			await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> steady(group, from, steady));
		}
		catch (ConditionTimeoutException ex) {
			// not steady in time: assertSurvived fails with what the group was answered, second by second
		}
	}

	private boolean steady(String group, long from, Duration steady) {
		long lastRefusal = this.answers.stream().filter(a -> a.group().equals(group) && a.status() != 200)
			.mapToLong(Answer::at).max().orElse(from);
		long since = Math.max(from, lastRefusal);
		return System.currentTimeMillis() - since >= steady.toMillis() && this.answers.stream()
			.anyMatch(a -> a.group().equals(group) && a.status() == 200 && a.at() > since);
	}

	List<Answer> stop() {
		this.load.dispose();
		return new ArrayList<>(this.answers);
	}

	/**
	 * Only 200 or 503 with Retry-After, nothing slow, and the group normal again within
	 * {@code bound} of the kill (2xx after its last refusal).
	 */
	static void assertSurvived(List<Answer> all, String group, long killedAt, Duration bound) {
		assertThat(all).as("answers during the failover").isNotEmpty();
		assertThat(all).allSatisfy(a -> assertThat(a.status()).as("never a 500, only 200 or 503: %s", a).isIn(200, 503));
		assertThat(all).filteredOn(a -> a.status() == 503)
			.allSatisfy(a -> assertThat(a.retryAfter()).as("a 503 says when to retry").isNotBlank());
		assertThat(all).allSatisfy(a -> assertThat(a.tookMs()).as("no request hangs").isLessThan(15_000));
		long lastRefusal = all.stream().filter(a -> a.group().equals(group) && a.status() != 200)
			.mapToLong(Answer::at).max().orElse(killedAt);
		assertThat(lastRefusal - killedAt).as("%s normal again within %s of the kill: %s", group, bound,
				summary(all, group, killedAt)).isLessThanOrEqualTo(bound.toMillis());
		assertThat(all).filteredOn(a -> a.group().equals(group) && a.at() > lastRefusal).as("2xx after the failover")
			.isNotEmpty();
	}

	/** Per second since the kill, a group's answers by status. */
	static String summary(List<Answer> all, String group, long killedAt) {
		TreeMap<Long, TreeMap<Integer, Integer>> bySecond = new TreeMap<>();
		all.stream().filter(a -> a.group().equals(group))
			.forEach(a -> bySecond.computeIfAbsent(Math.floorDiv(a.at() - killedAt, 1000), k -> new TreeMap<>())
				.merge(a.status(), 1, Integer::sum));
		return bySecond.toString();
	}

	/** A seat held, charged for and paid on a concert, then seen RESERVED by another buyer. */
	static void buyOneSeat(Api api, TestConcerts.Concert concert, int seatNo) {
		User user = api.activeUser(concert.id());
		Response held = api.hold(user, concert.id(), concert.date(), seatNo);
		assertThat(held.status()).as("hold on concert %d", concert.id()).isEqualTo(201);
		api.charge(user, TestConcerts.price(seatNo));
		Response paid = api.post("/api/v1/payments", user.token(),
				Map.of("reservationIds", List.of(held.field("reservationId"))), "pay-" + UUID.randomUUID());
		assertThat(paid.status()).as("payment on concert %d", concert.id()).isEqualTo(201);
		User other = api.activeUser(concert.id());
		Response seats = api.get("/api/v1/concerts/" + concert.id() + "/dates/" + concert.date() + "/seats",
				other.token());
		assertThat(seats.body().get("seats").get(seatNo - 1).get("status").asString()).isEqualTo("RESERVED");
	}

}
