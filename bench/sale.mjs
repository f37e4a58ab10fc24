// Scenarios 6 and 7: a scripted ticket open to sell-out. N users arrive evenly over R seconds, each
// takes a token (round-robin over the given instances), polls status as pollAfterMs says, and once
// active lists dates and seats, holds a random AVAILABLE seat (a 409 is the race: try another),
// charges the price and pays. Meanwhile Redis db 2 is sampled every 100 ms: ZCARD of the active set
// (max-active never exceeded) and the deadlines hash (hard end = admission time + active-max), which
// with the users' arrival numbers (from their tokens) checks FIFO.
//   node bench/sale.mjs --bases http://127.0.0.1:18181[,http://127.0.0.1:18182] --users 20000 \
//     --arrive 20 --max-active 500 --active-max-ms 1800000 --max-seconds 240 [--seats 150]
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Redis } from './resp.mjs';
import { counter } from './http.mjs';

const opt = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map((s) => s.trim().split(/\s+/)));
const bases = opt.bases.split(',').map((b) => new URL(b));
for (const b of bases) if (!['127.0.0.1', 'localhost'].includes(b.hostname)) throw new Error('loopback targets only');
const N = parseInt(opt.users || '20000', 10);
const ARRIVE_S = parseFloat(opt.arrive || '20');
const MAX_ACTIVE = parseInt(opt['max-active'] || '500', 10);
const ACTIVE_MAX_MS = parseInt(opt['active-max-ms'] || '1800000', 10);
const MAX_S = parseInt(opt['max-seconds'] || '240', 10);
const SEATS = parseInt(opt.seats || '150', 10); // the demo concert: 3 dates x 50 seats
const agents = bases.map(() => new http.Agent({ keepAlive: true, maxSockets: 256 }));
const tally = {}; // "endpoint status" -> count
const unexpected = [];
let stop = false, soldOutAt = null, lastPaidAt = null, paid = 0, inFlightBuys = 0;
const paidSeats = []; // [date, seatNo]
const arrivalOf = new Map(); // userId -> arrival
const clientActive = new Set(); // users the client saw ACTIVE
const gaveUp = new Set(); // users who stopped waiting after an error (may be evicted as idle)

// A 503 UNAVAILABLE carries Retry-After: a well-behaved client waits and retries (charge and pay
// carry an Idempotency-Key, leave is idempotent), up to 3 times. Every 503 still counts as an error.
async function request(i, name, method, path, token, body, extra) {
	for (let attempt = 0; ; attempt++) {
		const r = await send(i, name, method, path, token, body, extra);
		if (r.status !== 503 || attempt >= 3 || stop) return r;
		await sleep(1000 * Math.max(1, parseInt(r.retryAfter || '1', 10)));
	}
}

// 409 (a seat lost) and 401 (a leave after the entry ended) are expected answers in a sale
const exchange = counter(tally, unexpected,
	(status) => (status >= 200 && status < 300) || status === 409 || status === 401);
const send = (i, name, method, path, token, body, extra) =>
	exchange(bases[i % bases.length], agents[i % bases.length], name, method, path, token, body, extra);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (a) => a[Math.floor(Math.random() * a.length)];

async function buy(i, userId, token) {
	for (let tries = 0; tries < 5 && !stop; tries++) {
		const d = await request(i, 'dates', 'GET', '/api/v1/concerts/1/dates', token);
		if (d.status !== 200) return false;
		const dates = d.json.dates.filter((x) => x.availableSeats > 0);
		if (dates.length === 0) { soldOutAt = soldOutAt || Date.now(); return false; }
		const date = pick(dates).date;
		const s = await request(i, 'seats', 'GET', `/api/v1/concerts/1/dates/${date}/seats`, token);
		if (s.status !== 200) return false;
		const free = s.json.seats.filter((x) => x.status === 'AVAILABLE');
		if (free.length === 0) continue;
		const seat = pick(free);
		const h = await request(i, 'hold', 'POST', '/api/v1/reservations', token, { concertId: 1, date, seatNo: seat.seatNo });
		if (h.status === 409) continue;
		if (h.status !== 201) return false;
		const c = await request(i, 'charge', 'POST', `/api/v1/users/${userId}/balance/charge`, token, { amount: h.json.price }, { 'Idempotency-Key': `c-${h.json.reservationId}` });
		if (c.status !== 200) return false;
		const p = await request(i, 'pay', 'POST', '/api/v1/payments', token, { reservationIds: [h.json.reservationId] }, { 'Idempotency-Key': `p-${h.json.reservationId}` });
		if (p.status !== 201) return false;
		paid++; lastPaidAt = Date.now(); paidSeats.push([date, seat.seatNo]);
		return true;
	}
	return false;
}

async function user(i) {
	await sleep((i * ARRIVE_S * 1000) / N);
	if (stop) return;
	const userId = randomUUID();
	const t = await request(i, 'issue', 'POST', '/api/v1/queue/tokens', null, { userId, concertId: 1 });
	if (t.status !== 201) return;
	const token = t.json.token;
	arrivalOf.set(userId, JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).seq);
	let view = t.json;
	while (view.status !== 'ACTIVE') {
		if (stop) return;
		await sleep(Math.max(200, view.pollAfterMs || 1000));
		if (stop) return;
		const s = await request(i, 'status', 'GET', '/api/v1/queue/status', token);
		if (s.status !== 200) { gaveUp.add(userId); return; }
		view = s.json;
	}
	clientActive.add(userId);
	inFlightBuys++;
	try {
		if (!(await buy(i, userId, token))) await request(i, 'leave', 'DELETE', '/api/v1/queue/tokens/me', token);
	} finally { inFlightBuys--; }
}

// the sampler: every 100 ms, the active set's size and the admission times
const redis = await Redis.connect('redis://127.0.0.1:6379/2');
const admittedAt = new Map(); // userId -> admission ms
let maxActiveSeen = 0, samples = 0;
const sampler = (async () => {
	while (!stop) {
		const [zc, dl] = await redis.pipeline([['ZCARD', 'queue:{1}:active'], ['HGETALL', 'queue:{1}:deadlines']]);
		samples++;
		maxActiveSeen = Math.max(maxActiveSeen, zc);
		for (let k = 0; k < dl.length; k += 2) if (!admittedAt.has(dl[k])) admittedAt.set(dl[k], Number(dl[k + 1]) - ACTIVE_MAX_MS);
		await sleep(100);
	}
})();

const t0 = Date.now();
const users = Array.from({ length: N }, (_, i) => user(i));
// the end: every seat paid (sell-out), or the time bound. "No date with a free seat" alone is not
// the end: held seats are not free, and a hold whose buyer failed comes back when the buyer leaves.
while (paid < SEATS && Date.now() - t0 < MAX_S * 1000) await sleep(100);
const endedBy = paid >= SEATS ? 'sell-out' : `time bound ${MAX_S} s`;
stop = true;
await Promise.all(users);
await sampler;
// a last look: the last batch admitted before the end may not have been sampled yet (admitted users
// stay in the deadlines hash until they leave), and a batch known only in part would read as skipped
{
	const [dl] = await redis.pipeline([['HGETALL', 'queue:{1}:deadlines']]);
	for (let k = 0; k < dl.length; k += 2) if (!admittedAt.has(dl[k])) admittedAt.set(dl[k], Number(dl[k + 1]) - ACTIVE_MAX_MS);
}
redis.close();
for (const a of agents) a.destroy();

// FIFO: (a) nobody skipped: no user of ours still waiting (and not gone on an error) has an arrival
// number below the highest admitted one; (b) admission batches (same admission ms) are in arrival
// order. Users whose issuance answer was lost client-side have no known arrival and are left out.
const admitted = new Set([...admittedAt.keys(), ...clientActive]);
const arrivals = [...admitted].map((u) => arrivalOf.get(u)).filter((x) => x !== undefined).sort((a, b) => a - b);
const maxAdmitted = arrivals.length ? arrivals[arrivals.length - 1] : 0;
const skipped = [...arrivalOf.entries()].filter(([u, a]) => !admitted.has(u) && !gaveUp.has(u) && a < maxAdmitted).length;
const prefix = skipped === 0;
const batches = new Map();
for (const [u, at] of admittedAt) { const a = arrivalOf.get(u); if (a === undefined) continue; const b = batches.get(at) || []; b.push(a); batches.set(at, b); }
const order = [...batches.entries()].sort((x, y) => x[0] - y[0]);
let batchOrder = true;
for (let k = 1; k < order.length; k++) if (Math.max(...order[k - 1][1]) > Math.min(...order[k][1])) batchOrder = false;
const seatKeys = paidSeats.map(([d, s]) => `${d}#${s}`);
const result = {
	endedBy, users: N, instances: bases.length, issued: arrivalOf.size,
	timeToSellOutS: lastPaidAt ? (lastPaidAt - t0) / 1000 : null, firstNoSeatLeftSeenAtS: soldOutAt ? (soldOutAt - t0) / 1000 : null,
	seatsPaid: paid, seatsPaidDistinct: new Set(seatKeys).size,
	maxActiveSeen, maxActive: MAX_ACTIVE, samples,
	admitted: arrivals.length, admittedByClient: clientActive.size, admittedSeenBySampler: admittedAt.size,
	maxAdmittedArrival: maxAdmitted, skipped, gaveUp: gaveUp.size, fifoNobodySkipped: prefix, fifoBatchOrder: batchOrder, batches: order.length,
	unexpectedCount: Object.entries(tally).filter(([k]) => !/ (2\d\d|409|401)$/.test(k)).reduce((a, [, v]) => a + v, 0),
	tally, unexpected,
};
console.log(JSON.stringify(result, null, 1));
writeFileSync(new URL(`./out/sale-result-${bases.length}.json`, import.meta.url), JSON.stringify(result, null, 1));
