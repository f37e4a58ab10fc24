// A ticket open against Stagedoor: a ramp of arriving users who each take a queue token (a random
// UUID v4 user id), wait in line -- polling GET /queue/status as pollAfterMs says, or holding the SSE
// stream -- and, once active, list the dates and seats, hold a random AVAILABLE seat, charge the
// balance and pay. Teardown checks through the API that no seat was sold twice.
//
//   k6 run k6/ticket-open.js                                   # http://localhost:8080, polling
//   k6 run -e BASE_URL=http://localhost:18181 -e MODE=sse -e PEAK_RATE=50 k6/ticket-open.js
//
// See k6/README.md for every variable. Works unchanged against `docker compose up` (rate limits on:
// 429s are honoured through Retry-After) and the embedded default.
import http from 'k6/http';
import { check, sleep, fail } from 'k6';
import { randomBytes } from 'k6/crypto';
import { Counter, Rate, Trend } from 'k6/metrics';
import { textSummary } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js';

const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8080').replace(/\/+$/, '');
const API = `${BASE_URL}/api/v1`;
const CONCERT_ID = parseInt(__ENV.CONCERT_ID || '1', 10);
const MODE = (__ENV.MODE || 'poll').toLowerCase(); // poll | sse
const PEAK_RATE = parseInt(__ENV.PEAK_RATE || '20', 10); // arriving users per second at the peak
const RAMP = __ENV.RAMP || '1m';
const HOLD = __ENV.HOLD || '2m';
const MAX_VUS = parseInt(__ENV.MAX_VUS || '3000', 10);
const MAX_WAIT_S = parseInt(__ENV.MAX_WAIT_S || '600', 10); // one user gives up after this long in line
const P95_MS = parseInt(__ENV.P95_MS || '500', 10);
const SEAT_TRIES = 5;

if (MODE !== 'poll' && MODE !== 'sse') {
	throw new Error(`MODE must be poll or sse, not ${MODE}`);
}

// 2xx, the seat race's 409s and the limiter's 429s are the protocol, not failures
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }, 409, 429));

const seatsPaid = new Counter('seats_paid'); // seats in 201 payments, as the clients saw them
const seatsReserved = new Counter('seats_reserved'); // RESERVED seats the API lists after the run (teardown)
const seatCheckFailed = new Counter('seat_check_failed'); // teardown's own findings, see below
const seatRaceLost = new Counter('seat_race_lost'); // 409 SEAT_UNAVAILABLE on a hold
const soldOutSeen = new Counter('sold_out_seen'); // active users who found no seat left
const lostPlace = new Counter('lost_place'); // 401 while waiting (idle eviction) or gave up after MAX_WAIT_S
const unexpected = new Rate('unexpected_responses'); // anything but 2xx/409/429 on an API call
const timeToActive = new Trend('time_to_active', true);

const API_TAG = { kind: 'api' };

export const options = {
	scenarios: {
		ticket_open: {
			executor: 'ramping-arrival-rate',
			startRate: 1,
			timeUnit: '1s',
			preAllocatedVUs: Math.min(MAX_VUS, Math.max(50, PEAK_RATE * 10)),
			maxVUs: MAX_VUS,
			stages: [
				{ target: PEAK_RATE, duration: RAMP },
				{ target: PEAK_RATE, duration: HOLD },
				{ target: 0, duration: '10s' },
			],
			// users still in line when the arrivals stop are let finish
			gracefulStop: `${MAX_WAIT_S + 60}s`,
		},
	},
	setupTimeout: '180s',
	teardownTimeout: '300s',
	thresholds: {
		'http_req_duration{kind:api}': [`p(95)<${P95_MS}`],
		'http_req_failed{kind:api}': ['rate<0.01'],
		unexpected_responses: ['rate<0.01'],
		seat_check_failed: ['count==0'],
		checks: ['rate>0.99'],
	},
	summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

function uuidv4() {
	const b = new Uint8Array(randomBytes(16));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	const h = Array.from(b, (x) => (x < 16 ? '0' : '') + x.toString(16)).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function json(res) {
	try {
		return res.json();
	} catch (e) {
		return null;
	}
}

function auth(token, extra) {
	return Object.assign({ Authorization: `Bearer ${token}` }, extra || {});
}

function retryAfterSeconds(res) {
	const s = parseInt(res.headers['Retry-After'] || '1', 10);
	return Number.isFinite(s) && s > 0 ? s : 1;
}

// One API call; 429 is waited out (Retry-After) and retried; every answer outside 2xx/409/429 counts
// as unexpected.
function call(method, url, body, headers, name) {
	const params = { headers: Object.assign({ 'Content-Type': 'application/json' }, headers || {}), tags: Object.assign({ name }, API_TAG) };
	for (let attempt = 0; attempt < 20; attempt++) {
		const res = http.request(method, url, body == null ? null : JSON.stringify(body), params);
		if (res.status === 429) {
			sleep(retryAfterSeconds(res));
			continue;
		}
		unexpected.add(!(res.status >= 200 && res.status < 300) && res.status !== 409 && res.status !== 401);
		return res;
	}
	fail(`${name}: still 429 after 20 tries`);
}

function takeToken(userId) {
	const res = call('POST', `${API}/queue/tokens`, { userId, concertId: CONCERT_ID }, null, 'issue');
	if (!check(res, { 'token issued (201)': (r) => r.status === 201 })) {
		return null;
	}
	return json(res);
}

// Waits in line; returns true once active, false when the place was lost or the wait was too long.
function waitPolling(entry) {
	const deadline = Date.now() + MAX_WAIT_S * 1000;
	let view = entry;
	while (view.status !== 'ACTIVE') {
		if (Date.now() > deadline) {
			lostPlace.add(1);
			return false;
		}
		sleep(Math.max(0.2, (view.pollAfterMs || 1000) / 1000));
		const res = call('GET', `${API}/queue/status`, null, auth(entry.token), 'status');
		if (res.status === 401) {
			lostPlace.add(1);
			return false;
		}
		if (!check(res, { 'status 200': (r) => r.status === 200 })) {
			return false;
		}
		view = json(res);
	}
	return true;
}

// Holds the event stream until it completes: it does after `active` (or `expired`).
function waitStreaming(entry) {
	if (entry.status === 'ACTIVE') {
		return true;
	}
	const res = http.get(`${API}/queue/events?token=${encodeURIComponent(entry.token)}`, {
		headers: { Accept: 'text/event-stream' },
		timeout: `${MAX_WAIT_S}s`,
		tags: { kind: 'sse', name: 'events' },
		responseType: 'text',
	});
	const events = (res.body || '').match(/^event:\s*(\S+)/gm) || [];
	const last = events.length ? events[events.length - 1].replace(/^event:\s*/, '') : '';
	if (last === 'active') {
		return true;
	}
	if (res.status === 401 || last === 'expired' || res.status === 0) {
		lostPlace.add(1);
		return false;
	}
	check(res, { 'stream ended active': () => false });
	return false;
}

function pickRandom(list) {
	return list[Math.floor(Math.random() * list.length)];
}

// Active: find a seat, hold it, charge, pay. Returns true when a seat was paid.
function buy(userId, token) {
	const h = auth(token);
	for (let tries = 0; tries < SEAT_TRIES; tries++) {
		const datesRes = call('GET', `${API}/concerts/${CONCERT_ID}/dates`, null, h, 'dates');
		if (!check(datesRes, { 'dates 200': (r) => r.status === 200 })) {
			return false;
		}
		const dates = (json(datesRes).dates || []).filter((d) => d.availableSeats > 0);
		if (dates.length === 0) {
			soldOutSeen.add(1);
			return false;
		}
		const date = pickRandom(dates).date;
		const seatsRes = call('GET', `${API}/concerts/${CONCERT_ID}/dates/${date}/seats`, null, h, 'seats');
		if (!check(seatsRes, { 'seats 200': (r) => r.status === 200 })) {
			return false;
		}
		const free = (json(seatsRes).seats || []).filter((s) => s.status === 'AVAILABLE');
		if (free.length === 0) {
			continue;
		}
		const seat = pickRandom(free);
		const holdRes = call('POST', `${API}/reservations`, { concertId: CONCERT_ID, date, seatNo: seat.seatNo }, h, 'hold');
		if (holdRes.status === 409) {
			seatRaceLost.add(1); // someone else was faster: expected, try another seat
			continue;
		}
		if (!check(holdRes, { 'hold 201': (r) => r.status === 201 })) {
			return false;
		}
		const hold = json(holdRes);
		const chargeRes = call('POST', `${API}/users/${userId}/balance/charge`, { amount: hold.price },
			auth(token, { 'Idempotency-Key': `charge-${hold.reservationId}` }), 'charge');
		if (!check(chargeRes, { 'charge 200': (r) => r.status === 200 })) {
			return false;
		}
		const payRes = call('POST', `${API}/payments`, { reservationIds: [hold.reservationId] },
			auth(token, { 'Idempotency-Key': `pay-${hold.reservationId}` }), 'pay');
		if (!check(payRes, { 'payment 201': (r) => r.status === 201 })) {
			return false;
		}
		seatsPaid.add(1);
		return true;
	}
	return false;
}

export default function () {
	const userId = uuidv4();
	const arrived = Date.now();
	const entry = takeToken(userId);
	if (!entry) {
		return;
	}
	const active = MODE === 'sse' ? waitStreaming(entry) : waitPolling(entry);
	if (!active) {
		return;
	}
	timeToActive.add(Date.now() - arrived);
	if (!buy(userId, entry.token)) {
		// give the active slot back (a paid token is spent already)
		call('DELETE', `${API}/queue/tokens/me`, null, auth(entry.token), 'leave');
	}
}

// An active token of a fresh observer user, for reading dates and seats outside the crowd.
function observerToken() {
	const entry = takeToken(uuidv4());
	if (!entry) {
		fail('observer could not take a token');
	}
	const deadline = Date.now() + 240 * 1000;
	let view = entry;
	while (view.status !== 'ACTIVE') {
		if (Date.now() > deadline) {
			fail('observer was not admitted within 240 s');
		}
		sleep(Math.max(0.2, (view.pollAfterMs || 1000) / 1000));
		const res = call('GET', `${API}/queue/status`, null, auth(entry.token), 'status');
		if (res.status !== 200) {
			fail(`observer status answered ${res.status}`);
		}
		view = json(res);
	}
	return entry.token;
}

function reservedByDate(token, dates) {
	const out = {};
	for (const date of dates) {
		const res = call('GET', `${API}/concerts/${CONCERT_ID}/dates/${date}/seats`, null, auth(token), 'seats');
		if (res.status !== 200) {
			fail(`seats of ${date} answered ${res.status}`);
		}
		const seats = json(res).seats || [];
		const nos = seats.map((s) => s.seatNo);
		out[date] = {
			reserved: seats.filter((s) => s.status === 'RESERVED').length,
			distinctSeats: new Set(nos).size === nos.length,
		};
	}
	return out;
}

function completedPayments() {
	const res = http.get(`${BASE_URL}/actuator/prometheus`, { tags: { kind: 'ops', name: 'prometheus' } });
	if (res.status !== 200) {
		return null;
	}
	let sum = 0;
	const re = new RegExp(`^stagedoor_payments_total\\{[^}]*concert="${CONCERT_ID}"[^}]*outcome="completed"[^}]*\\}\\s+([0-9.eE+]+)`, 'gm');
	// the metrics page is text; k6 types a body as string | ArrayBuffer (binary answers)
	const body = typeof res.body === 'string' ? res.body : '';
	let m;
	while ((m = re.exec(body)) !== null) {
		sum += parseFloat(m[1]);
	}
	return sum;
}

export function setup() {
	const token = observerToken();
	const res = call('GET', `${API}/concerts/${CONCERT_ID}/dates`, null, auth(token), 'dates');
	const dates = ((json(res) || {}).dates || []).map((d) => d.date);
	if (dates.length === 0) {
		fail(`concert ${CONCERT_ID} has no date with seats left: nothing to sell (start from a fresh database)`);
	}
	const before = reservedByDate(token, dates);
	call('DELETE', `${API}/queue/tokens/me`, null, auth(token), 'leave');
	return { dates, before, completedBefore: completedPayments() };
}

// No seat sold twice, through the API: each date lists every seat once, and the seats that became
// RESERVED during the run equal the completed payments the server counted (one seat per payment
// here). The comparison with what the clients saw (seats_paid) is in handleSummary, since a
// threshold cannot compare two metrics.
export function teardown(data) {
	const token = observerToken();
	const after = reservedByDate(token, data.dates);
	call('DELETE', `${API}/queue/tokens/me`, null, auth(token), 'leave');
	let reserved = 0;
	for (const date of data.dates) {
		reserved += after[date].reserved - data.before[date].reserved;
		if (!after[date].distinctSeats) {
			console.error(`date ${date}: a seat is listed twice`);
			seatCheckFailed.add(1);
		}
	}
	seatsReserved.add(reserved);
	const completedAfter = completedPayments();
	if (data.completedBefore !== null && completedAfter !== null) {
		const completed = completedAfter - data.completedBefore;
		if (completed !== reserved) {
			console.error(`RESERVED seats grew by ${reserved} but the server completed ${completed} one-seat payments`);
			seatCheckFailed.add(1);
		}
	}
	console.log(`seats RESERVED during the run: ${reserved}`);
}

export function handleSummary(data) {
	const metric = (name) => (data.metrics[name] && data.metrics[name].values.count) || 0;
	const paid = metric('seats_paid');
	const reserved = metric('seats_reserved');
	const verdict = paid === reserved
		? `NO SEAT SOLD TWICE: ${paid} seats paid (201) by the clients = ${reserved} seats RESERVED in the API\n`
		: `SEAT CHECK FAILED: the clients got 201 for ${paid} seats, the API lists ${reserved} RESERVED\n`;
	return {
		stdout: textSummary(data, { indent: ' ', enableColors: true }) + '\n' + verdict,
		'summary.json': JSON.stringify(Object.assign({ seatVerdict: verdict.trim() }, data), null, 1),
	};
}
