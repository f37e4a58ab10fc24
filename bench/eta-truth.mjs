// ETA truth (issue 7): a simulated sale of the demo concert. Users arrive in a burst at the open and
// then a trickle; each takes a token, keeps the estimatedWaitSeconds it was given at entry, and
// follows its line either by SSE (GET /api/v1/queue/events?token=) or by polling the status as
// pollAfterMs says. Once active it "shops" a random while and leaves (DELETE /queue/tokens/me).
// The real wait is measured two ways: until the server admitted the user (its hard end, read from
// the Redis deadlines hash every 100 ms, minus active-max: what the estimate promises, and what the
// server's stagedoor_queue_eta_error_ratio judges) and until the client saw `active` (what a user
// lives, a poller's last pollAfterMs included). Prints whole-sale figures, per phase, per arrival
// decile, and writes every user's record to out/eta-users.tsv.
// Issue 17 (the open): the figures are also given by cohort -- arrived in the first --cohort-seconds
// (5) of the sale, later, whole -- for the users who waited at least --min-wait seconds (3), and
// every estimate a user was shown (at entry, then at each poll) is kept, to count how often it rose
// by more than 25 % from one reading to the next. --poll-ms 500 polls at a fixed pace instead of
// pollAfterMs; --base may name several instances (comma-separated): each request goes to one at random.
//   node bench/eta-truth.mjs --base http://127.0.0.1:18191 --redis redis://127.0.0.1:6379/9 \
//     --users 3000 --burst-share 0.4 --burst-seconds 5 --trickle-seconds 150 --sse-share 0.5 \
//     --shop-min 5 --shop-max 20 --active-max-ms 600000 --max-seconds 330
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Redis } from './resp.mjs';
import { counter } from './http.mjs';

const opt = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map((s) => s.trim().split(/\s+/)));
const bases = (opt.base || 'http://127.0.0.1:18191').split(',').map((b) => new URL(b));
for (const b of bases) if (!['127.0.0.1', 'localhost'].includes(b.hostname)) throw new Error('loopback targets only');
const pick = () => bases[Math.floor(Math.random() * bases.length)];
const REDIS_URL = opt.redis || 'redis://127.0.0.1:6379/9';
if (/\/0$/.test(REDIS_URL)) throw new Error('never Redis db 0');
const N = parseInt(opt.users || '3000', 10);
const BURST_SHARE = parseFloat(opt['burst-share'] || '0.4');
const BURST_S = parseFloat(opt['burst-seconds'] || '5');
const TRICKLE_S = parseFloat(opt['trickle-seconds'] || '150');
const SSE_SHARE = parseFloat(opt['sse-share'] || '0.5');
const SHOP_MIN_S = parseFloat(opt['shop-min'] || '5');
const SHOP_MAX_S = parseFloat(opt['shop-max'] || '20');
const ACTIVE_MAX_MS = parseInt(opt['active-max-ms'] || '600000', 10);
const MAX_S = parseInt(opt['max-seconds'] || '330', 10);
const POLL_MS = parseInt(opt['poll-ms'] || '0', 10);
const COHORT_S = parseFloat(opt['cohort-seconds'] || '5');
const MIN_WAIT_S = parseFloat(opt['min-wait'] || '3');
const OUT = opt.out || new URL('./out/eta-users.tsv', import.meta.url).pathname;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const tally = {};
const unexpected = [];
let stop = false;

const exchange = counter(tally, unexpected, (status) => status >= 200 && status < 300);
const send = (name, method, path, token, body) => exchange(pick(), agent, name, method, path, token, body);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Follows the line by SSE until `active` (resolves 'active'), `expired`, or a broken stream ('lost').
function followBySse(token) {
	return new Promise((resolve) => {
		let done = false, buf = '';
		const finish = (how) => { if (!done) { done = true; req.destroy(); resolve(how); } };
		const base = pick();
		const req = http.get({ host: base.hostname, port: base.port, agent: false, path: `/api/v1/queue/events?token=${encodeURIComponent(token)}`,
			headers: { Accept: 'text/event-stream' } }, (res) => {
			tally[`events ${res.statusCode}`] = (tally[`events ${res.statusCode}`] || 0) + 1;
			if (res.statusCode !== 200) { res.resume(); finish('lost'); return; }
			res.setEncoding('utf8');
			res.on('data', (d) => {
				buf += d;
				let k;
				while ((k = buf.indexOf('\n\n')) >= 0) {
					const block = buf.slice(0, k);
					buf = buf.slice(k + 2);
					const ev = (block.match(/^event:\s*(.*)$/m) || [])[1];
					if (ev === 'active' || ev === 'expired') finish(ev);
				}
			});
			res.on('end', () => finish('lost'));
			res.on('error', () => finish('lost'));
		});
		req.on('error', () => finish('lost'));
		const guard = setInterval(() => { if (stop) { clearInterval(guard); finish('stopped'); } else if (done) clearInterval(guard); }, 500);
	});
}

async function followByPolling(token, view, shown) {
	while (view.status !== 'ACTIVE') {
		if (stop) return 'stopped';
		await sleep(POLL_MS > 0 ? POLL_MS : Math.max(200, view.pollAfterMs || 1000));
		if (stop) return 'stopped';
		const s = await send('status', 'GET', '/api/v1/queue/status', token);
		if (s.status === 401 || s.status === 404) return 'expired';
		if (s.status !== 200) continue;
		view = s.json;
		if (view.status === 'WAITING') shown.push(view.estimatedWaitSeconds);
	}
	return 'active';
}

const t0 = Date.now() + 200;
const records = [];

async function user(i, atMs) {
	await sleep(Math.max(0, t0 + atMs - Date.now()));
	if (stop) return;
	const userId = randomUUID();
	const r = { i, userId, arrivalMs: atMs, mode: Math.random() < SSE_SHARE ? 'sse' : 'poll', sentAt: Date.now() };
	records.push(r);
	// a 503 may come after the entry was made (a Redis command timeout): like a well-behaved client,
	// ask again for the same user after Retry-After -- entry is idempotent per user -- or the entry
	// would hold a slot once admitted, with nobody to leave it
	let t;
	for (let attempt = 0; ; attempt++) {
		t = await send('issue', 'POST', '/api/v1/queue/tokens', null, { userId, concertId: 1 });
		if (t.status === 201 || t.status === 200 || attempt >= 5 || stop || (t.status !== 503 && t.status !== 0)) break;
		await sleep(1000 * Math.max(1, parseInt(t.retryAfter || '1', 10)));
	}
	r.enteredAt = Date.now();
	if (t.status !== 201 && t.status !== 200) { r.outcome = `issue ${t.status}`; return; }
	r.position = t.json.position;
	r.estimate = t.json.estimatedWaitSeconds;
	r.shown = t.json.status === 'WAITING' ? [r.estimate] : [];
	const token = t.json.token;
	let how = t.json.status === 'ACTIVE' ? 'active' : null;
	if (!how && r.mode === 'sse') how = await followBySse(token);
	if (!how || how === 'lost') how = await followByPolling(token, t.json, r.shown);
	r.outcome = how;
	if (how !== 'active') return;
	r.seenActiveAt = Date.now();
	await sleep(1000 * (SHOP_MIN_S + Math.random() * (SHOP_MAX_S - SHOP_MIN_S)));
	// leaving is idempotent: retry a 503 or a lost answer, or the slot stays taken until active-ttl
	for (let attempt = 0; attempt < 5; attempt++) {
		const l = await send('leave', 'DELETE', '/api/v1/queue/tokens/me', token);
		if (l.status !== 503 && l.status !== 0) break;
		await sleep(1000 * Math.max(1, parseInt(l.retryAfter || '1', 10)));
	}
}

// arrivals: a burst at the open, then a trickle, each uniformly random within its span
const times = Array.from({ length: N }, (_, i) => (i < Math.round(N * BURST_SHARE)
	? Math.random() * BURST_S : BURST_S + Math.random() * TRICKLE_S) * 1000).sort((a, b) => a - b);

// the admission times: hard end (admission + active-max) from the deadlines hash, every 100 ms
const redis = await Redis.connect(REDIS_URL);
const admittedAt = new Map();
const sampler = (async () => {
	while (!stop) {
		const [dl] = await redis.pipeline([['HGETALL', 'queue:{1}:deadlines']]);
		for (let k = 0; k < dl.length; k += 2) if (!admittedAt.has(dl[k])) admittedAt.set(dl[k], Number(dl[k + 1]) - ACTIVE_MAX_MS);
		await sleep(100);
	}
})();

const users = times.map((at, i) => user(i, at));
const all = Promise.all(users);
let finished = false;
all.then(() => { finished = true; });
while (!finished && Date.now() - t0 < MAX_S * 1000) await sleep(200);
const endedBy = finished ? 'every user done' : `time bound ${MAX_S} s`;
stop = true;
await all;
await sampler;
redis.close();
agent.destroy();

// the figures
const q = (xs, p) => { if (!xs.length) return NaN; const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const f = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '-');
for (const r of records) {
	if (r.estimate === undefined) continue;
	const adm = admittedAt.get(r.userId);
	if (adm !== undefined) r.realAdmit = Math.max(0, adm - r.enteredAt) / 1000;
	if (r.seenActiveAt !== undefined) r.realSeen = (r.seenActiveAt - r.enteredAt) / 1000;
}
const withEst = records.filter((r) => r.estimate !== undefined);
// judged as the server judges: against at least one second
const err = (r, real) => Math.abs(r.estimate - real) / Math.max(real, 1);
const bias = (r, real) => (r.estimate - real) / Math.max(real, 1);
function summary(label, rs) {
	const a = rs.filter((r) => r.realAdmit !== undefined && r.position > 0);
	const s = rs.filter((r) => r.realSeen !== undefined && r.position > 0);
	const ea = a.map((r) => err(r, r.realAdmit)), ba = a.map((r) => bias(r, r.realAdmit));
	const es = s.map((r) => err(r, r.realSeen));
	return `${label.padEnd(28)} ${String(a.length).padStart(5)}  ${f(q(ea, 0.5)).padStart(6)} ${f(q(ea, 0.9)).padStart(6)} ${f(q(ba, 0.5)).padStart(7)}`
		+ `  ${f(q(a.map((r) => r.estimate), 0.5), 0).padStart(5)} ${f(q(a.map((r) => r.realAdmit), 0.5), 1).padStart(6)}  ${f(q(es, 0.5)).padStart(6)} ${f(q(es, 0.9)).padStart(6)}`;
}
const header = `${'group'.padEnd(28)} ${'users'.padStart(5)}  ${'med'.padStart(6)} ${'p90'.padStart(6)} ${'bias'.padStart(7)}  ${'est'.padStart(5)} ${'real'.padStart(6)}  ${'medS'.padStart(6)} ${'p90S'.padStart(6)}`;
const admitted = withEst.filter((r) => r.realAdmit !== undefined && r.position > 0);
const sse = withEst.filter((r) => r.mode === 'sse'), poll = withEst.filter((r) => r.mode === 'poll');
const durS = (Date.now() - t0) / 1000;
console.log(`eta-truth: ${N} users (${Math.round(N * BURST_SHARE)} in ${BURST_S} s, the rest over ${TRICKLE_S} s), ${Math.round(SSE_SHARE * 100)}% by SSE, shopping ${SHOP_MIN_S}-${SHOP_MAX_S} s; ended by ${endedBy} after ${f(durS, 0)} s`);
const outcomes = {};
for (const r of records) outcomes[r.outcome || 'none'] = (outcomes[r.outcome || 'none'] || 0) + 1;
console.log(`outcomes: ${JSON.stringify(outcomes)}; admitted (server) ${admittedAt.size}; with an estimate and a measured admission ${admitted.length}`);
console.log(`requests: ${JSON.stringify(tally)}`);
if (unexpected.length) console.log(`unexpected (first ${unexpected.length}): ${unexpected.join(' | ')}`);
console.log('\nerror = |estimate - real| / max(real, 1 s); bias = (estimate - real) / max(real, 1 s), median (negative = promised too short)');
console.log('med/p90/bias/est/real: real = until the server admitted; medS/p90S: real = until the client saw active');
console.log(header);
console.log(summary('WHOLE SALE', withEst));
console.log(summary('  by SSE', sse));
console.log(summary('  by polling', poll));
// phases: the first minute, when the measured rate does not yet cover a minute of steady turnover
// (the first ticks fill the empty active set at admit-per-tick speed), and after it
const rateOf = (r) => (r.estimate > 0 ? r.position / r.estimate : NaN);
console.log(summary('entered in the first 60 s', withEst.filter((r) => r.enteredAt - t0 < 60_000)));
console.log(summary('entered after 60 s', withEst.filter((r) => r.enteredAt - t0 >= 60_000)));
console.log(summary('  of those, 60-120 s', withEst.filter((r) => r.enteredAt - t0 >= 60_000 && r.enteredAt - t0 < 120_000)));
console.log(summary('  of those, after 120 s', withEst.filter((r) => r.enteredAt - t0 >= 120_000)));
console.log('\nby arrival decile (entry time range in s since the open; rate = the admissions/s implied by position/estimate, median)');
console.log(`${'decile'.padEnd(8)} ${'entered'.padEnd(12)} ${'pos'.padStart(6)} ${'rate'.padStart(6)} | ` + header.slice(29));
const byArrival = [...withEst].sort((a, b) => a.enteredAt - b.enteredAt);
for (let d = 0; d < 10; d++) {
	const part = byArrival.slice(Math.floor((d * byArrival.length) / 10), Math.floor(((d + 1) * byArrival.length) / 10));
	if (!part.length) continue;
	const span = `${f((part[0].enteredAt - t0) / 1000, 0)}-${f((part[part.length - 1].enteredAt - t0) / 1000, 0)}`;
	console.log(`${String(d + 1).padEnd(8)} ${span.padEnd(12)} ${f(q(part.map((r) => r.position), 0.5), 0).padStart(6)} ${f(q(part.map(rateOf).filter(Number.isFinite), 0.5), 1).padStart(6)} | `
		+ summary('', part).slice(29));
}
// issue 17: by cohort of arrival, for the users who waited at least MIN_WAIT_S (until the server
// admitted them; "seen" until the client saw active), and the rises of the estimate shown
const arrived = (r) => (r.sentAt - t0) / 1000;
const cohorts = [[`arrived in the first ${COHORT_S} s`, (r) => arrived(r) < COHORT_S],
	[`arrived after ${COHORT_S} s`, (r) => arrived(r) >= COHORT_S], ['the whole sale', () => true]];
const rises = (r) => { let n = 0; for (let k = 1; k < (r.shown || []).length; k++) if (r.shown[k] > 1.25 * r.shown[k - 1]) n++; return n; };
const pairs = (r) => Math.max(0, (r.shown || []).length - 1);
console.log(`\nby cohort (issue 17): users who waited >= ${MIN_WAIT_S} s; error = |told - waited| / waited; rises = a shown estimate > 1.25 x the one before`);
console.log(`${'cohort'.padEnd(26)} ${'users'.padStart(5)} ${'med'.padStart(6)} ${'p90'.padStart(6)} ${'told/w'.padStart(6)}   ${'usersS'.padStart(6)} ${'medS'.padStart(6)} ${'p90S'.padStart(6)}   ${'rises/readings'.padStart(16)} ${'users w/ rise'.padStart(14)}`);
for (const [label, inCohort] of cohorts) {
	const rs = withEst.filter(inCohort).filter((r) => r.position > 0);
	const a = rs.filter((r) => r.realAdmit !== undefined && r.realAdmit >= MIN_WAIT_S);
	const s = rs.filter((r) => r.realSeen !== undefined && r.realSeen >= MIN_WAIT_S);
	const ea = a.map((r) => err(r, r.realAdmit)), es = s.map((r) => err(r, r.realSeen));
	const ratio = a.map((r) => r.estimate / r.realAdmit);
	const nRises = rs.reduce((x, r) => x + rises(r), 0), nPairs = rs.reduce((x, r) => x + pairs(r), 0);
	const usersRose = rs.filter((r) => rises(r) > 0).length;
	console.log(`${label.padEnd(26)} ${String(a.length).padStart(5)} ${f(q(ea, 0.5)).padStart(6)} ${f(q(ea, 0.9)).padStart(6)} ${f(q(ratio, 0.5), 2).padStart(6)}   `
		+ `${String(s.length).padStart(6)} ${f(q(es, 0.5)).padStart(6)} ${f(q(es, 0.9)).padStart(6)}   `
		+ `${`${nRises}/${nPairs} ${f(100 * nRises / Math.max(1, nPairs), 1)}%`.padStart(16)} ${`${usersRose}/${rs.length}`.padStart(14)}`);
}
writeFileSync(OUT, ['i\tmode\tentered_s\tposition\testimate_s\treal_admit_s\treal_seen_s\toutcome\tshown',
	...records.map((r) => [r.i, r.mode, f((r.enteredAt - t0) / 1000), r.position ?? '', r.estimate ?? '', r.realAdmit === undefined ? '' : f(r.realAdmit),
		r.realSeen === undefined ? '' : f(r.realSeen), r.outcome || '', (r.shown || []).join(',')].join('\t'))].join('\n') + '\n');
console.log(`\nper-user records: ${OUT}`);
