package io.stagedoor.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.stagedoor.support.Api.Response;
import io.stagedoor.support.Api.User;
import io.stagedoor.support.IntegrationTest;
import io.stagedoor.support.TestConcerts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of status polls at once, answered by a few batched script calls: every answer is the
 * place the user really had at some moment while the poll was under way (exact, not one tick old),
 * including while the people ahead leave during the race, and a leave shows in the very next poll.
 * The one active slot is taken and the tick is long, so only leaves move the line.
 */
@TestPropertySource(properties = { "stagedoor.queue.max-active=1", "stagedoor.queue.admit-per-tick=1",
		"stagedoor.queue.tick=1s", "stagedoor.queue.idle-timeout=1m" })
class StatusPollRaceTest extends IntegrationTest {

	private static final String STATUS = "/api/v1/queue/status";

	static final int WAITING = 300;

	static final int POLLS_EACH = 3;

	/** The first users of the line, who leave while the others poll. */
	static final int LEAVERS = 60;

	@Autowired
	MeterRegistry metrics;

	@Test
	void hundredsOfPollsAtOnceEachSeeTheirExactPlaceWhileThoseAheadLeave() {
		TestConcerts.Concert concert = this.concerts.create();
		User front = this.api.activeUser(concert.id());
		List<User> line = enterInOrder(concert, WAITING);
		double callsBefore = calls(concert);

		List<Mono<Timed>> requests = new ArrayList<>();
		for (int round = 0; round < POLLS_EACH; round++) {
			for (int i = 0; i < line.size(); i++) {
				requests.add(timed(i, HttpMethod.GET, line.get(i)));
			}
			requests.add(timed(-1, HttpMethod.GET, front));
		}
		for (int i = 0; i < LEAVERS; i++) {
			requests.add(timed(i, HttpMethod.DELETE, line.get(i)));
		}
		java.util.Collections.shuffle(requests);
		List<Timed> answers = Flux.fromIterable(requests).flatMap(r -> r, requests.size()).collectList()
			.block(Duration.ofMinutes(2));

		List<Timed> leaves = answers.stream().filter(a -> a.method() == HttpMethod.DELETE).toList();
		assertThat(leaves).hasSize(LEAVERS).allSatisfy(leave -> assertThat(leave.response().status()).isEqualTo(204));
		List<Timed> polls = answers.stream().filter(a -> a.method() == HttpMethod.GET).toList();
		assertThat(polls).hasSize(POLLS_EACH * (WAITING + 1));
		for (Timed poll : polls) {
			if (poll.index() < 0) {
				assertThat(poll.response().status()).isEqualTo(200);
				assertThat(poll.response().field("status")).isEqualTo("ACTIVE");
				continue;
			}
			assertExact(poll, leaves);
		}
		assertThat(calls(concert) - callsBefore).as("script calls for %d polls", polls.size())
			.isPositive()
			.isLessThan(polls.size());

		// after the race, one by one: a leave shows in the very next poll of its own and of those behind
		User leaving = line.get(LEAVERS);
		User behind = line.get(LEAVERS + 1);
		assertThat(position(behind)).isEqualTo(2);
		assertThat(this.api.delete("/api/v1/queue/tokens/me", leaving.token()).status()).isEqualTo(204);
		assertThat(this.api.get(STATUS, leaving.token()).code()).isEqualTo("TOKEN_EXPIRED");
		assertThat(position(behind)).isEqualTo(1);
	}

	/**
	 * A poll of the user at {@code index} saw a place that was true at some moment between its
	 * sending and its answer: everyone ahead who had left before it was sent is gone, and nobody
	 * who started leaving after it was answered. A leaver's own poll after its leave is refused.
	 */
	private static void assertExact(Timed poll, List<Timed> leaves) {
		Timed ownLeave = leaves.stream().filter(l -> l.index() == poll.index()).findFirst().orElse(null);
		if (ownLeave != null && ownLeave.end() < poll.start()) {
			assertThat(poll.response().status()).isEqualTo(401);
			assertThat(poll.response().code()).isEqualTo("TOKEN_EXPIRED");
			return;
		}
		if (poll.response().status() == 401) {
			assertThat(ownLeave).as("only a leaver's poll may find its entry gone").isNotNull();
			assertThat(ownLeave.start()).as("and only once its leave has started").isLessThan(poll.end());
			return;
		}
		assertThat(poll.response().status()).as(poll.response().text()).isEqualTo(200);
		assertThat(poll.response().field("status")).isEqualTo("WAITING");
		long goneForSure = leaves.stream().filter(l -> l.index() < poll.index() && l.end() < poll.start()).count();
		long goneAtMost = leaves.stream().filter(l -> l.index() < poll.index() && l.start() < poll.end()).count();
		long place = poll.index() + 1;
		assertThat(poll.response().body().get("position").asLong()).as("user %d's place", poll.index())
			.isBetween(place - goneAtMost, place - goneForSure);
	}

	private List<User> enterInOrder(TestConcerts.Concert concert, int count) {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(UUID.randomUUID());
		}
		return Flux.fromIterable(ids)
			.concatMap(id -> this.api.call(HttpMethod.POST, "/api/v1/queue/tokens", null,
					Map.of("userId", id.toString(), "concertId", concert.id()), Map.of())
				.map(r -> new User(id, r.field("token"))))
			.collectList()
			.block(Duration.ofMinutes(1));
	}

	private Mono<Timed> timed(int index, HttpMethod method, User user) {
		String path = (method == HttpMethod.GET) ? STATUS : "/api/v1/queue/tokens/me";
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return this.api.call(method, path, user.token(), null, Map.of())
				.map(r -> new Timed(index, method, r, start, System.nanoTime()));
		});
	}

	private long position(User user) {
		Response status = this.api.get(STATUS, user.token());
		assertThat(status.status()).isEqualTo(200);
		return status.body().get("position").asLong();
	}

	private double calls(TestConcerts.Concert concert) {
		Counter counter = this.metrics.find("stagedoor.queue.status.calls")
			.tag("concert", Long.toString(concert.id()))
			.counter();
		return (counter == null) ? 0 : counter.count();
	}

	/** One request of the race: whose ({@code index} in the line, -1 the active user), and when. */
	private record Timed(int index, HttpMethod method, Response response, long start, long end) {
	}

}
