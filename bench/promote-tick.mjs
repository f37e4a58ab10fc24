// Scenario 3: the cost of one promotion tick (queue-promote.lua, with clock.lua in front as the app
// loads it) at line lengths 10^3..10^6, in Redis db 2, for concert 990001 (which exists nowhere
// else, so no app's ticker touches it; no app needs to run).
// Each measured call runs for real: `now` advances by one tick per call, active-ttl is 1 ms, so
// every call ends the 100 entries the call before admitted (step 1) and admits 100 from the head
// (step 3). Between calls (untimed) the ended users go back to the end of the line: N stays put.
//   node bench/promote-tick.mjs [calls=100] [sizes=1000,10000,100000,1000000]
import { readFileSync } from 'node:fs';
import { Redis } from './resp.mjs';

const calls = parseInt(process.argv[2] || '100', 10);
const sizes = (process.argv[3] || '1000,10000,100000,1000000').split(',').map(Number);
const root = new URL('..', import.meta.url).pathname;
const script = readFileSync(`${root}src/main/resources/redis/clock.lua`, 'utf8') + '\n'
	+ readFileSync(`${root}src/main/resources/redis/queue-promote.lua`, 'utf8');
const CONCERT = 990001;
const tag = `queue:{${CONCERT}}:`;
const KEYS = ['waiting', 'active', 'seen', 'entries', 'deadlines', 'tick', 'admits'].map((k) => tag + k);
const BATCH = 100; // admit-per-tick = max-active, so each tick admits a full batch
const TICK_MS = 1000, IDLE_MS = 3600_000, ACTIVE_TTL_MS = 1, ACTIVE_MAX_MS = 1_800_000, EVICT = 1000;

const r = await Redis.connect('redis://127.0.0.1:6379/2');
const sha = await r.call('SCRIPT', 'LOAD', script);

function pct(sorted, p) { return sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)]; }
const us = (ns) => Number(ns) / 1000;

async function fill(n, now) {
	await r.call('UNLINK', ...KEYS); // freed in the background: Redis is shared
	const chunk = 1000;
	for (let start = 0; start < n; start += chunk) {
		const z = ['ZADD', KEYS[0]], s = ['ZADD', KEYS[2]], h = ['HSET', KEYS[3]];
		for (let i = start; i < Math.min(n, start + chunk); i++) {
			const user = `u${i}`;
			z.push(i + 1, user); s.push(now, user); h.push(user, `t${i}:${i + 1}`);
		}
		await r.pipeline([z, s, h]);
	}
	await r.call('SET', `${tag}seq`, n);
}

const rows = [];
for (const n of sizes) {
	let now = Date.now();
	const t0 = Date.now();
	await fill(n, now);
	const fillS = (Date.now() - t0) / 1000;
	let seq = n;
	const times = [];
	const idle = [];
	for (let i = 0; i < calls + 5; i++) {
		now += TICK_MS;
		const args = [BATCH, BATCH, TICK_MS, IDLE_MS, ACTIVE_TTL_MS, ACTIVE_MAX_MS, EVICT, now];
		const a = process.hrtime.bigint();
		const reply = await r.call('EVALSHA', sha, KEYS.length, ...KEYS, ...args);
		const b = process.hrtime.bigint();
		// the same slot again: the call that finds the tick done (what every other instance pays)
		const c = process.hrtime.bigint();
		await r.call('EVALSHA', sha, KEYS.length, ...KEYS, ...args);
		const d = process.hrtime.bigint();
		if (reply[0] !== 1) throw new Error('a measured call did not run');
		const admitted = reply[4], lapsed = reply[5];
		if (i >= 5) { times.push(us(b - a)); idle.push(us(d - c)); }
		if (i >= 1 && (admitted !== BATCH || lapsed !== BATCH)) throw new Error(`call ${i}: admitted ${admitted}, lapsed ${lapsed}`);
		// untimed: the users that lapsed go back to the end of the line, so it keeps its length
		const back = reply.slice(6 + admitted);
		if (back.length) {
			const z = ['ZADD', KEYS[0]], s = ['ZADD', KEYS[2]], h = ['HSET', KEYS[3]];
			for (const user of back) { seq++; z.push(seq, user); s.push(now, user); h.push(user, `t${seq}:${seq}`); }
			await r.pipeline([z, s, h]);
		}
	}
	const waiting = await r.call('ZCARD', KEYS[0]);
	const pings = [];
	for (let i = 0; i < 100; i++) { const a = process.hrtime.bigint(); await r.call('PING'); pings.push(us(process.hrtime.bigint() - a)); }
	times.sort((x, y) => x - y); idle.sort((x, y) => x - y); pings.sort((x, y) => x - y);
	const mean = times.reduce((x, y) => x + y, 0) / times.length;
	rows.push({ n, waiting, fillS, mean, p50: pct(times, 50), p99: pct(times, 99), max: times[times.length - 1],
		noopP50: pct(idle, 50), pingP50: pct(pings, 50) });
	console.log(`N=${n}: filled in ${fillS.toFixed(1)} s; ${calls} ticks (admit ${BATCH} + end ${BATCH} each): `
		+ `mean ${mean.toFixed(0)} us, p50 ${pct(times, 50).toFixed(0)} us, p99 ${pct(times, 99).toFixed(0)} us, max ${times[times.length - 1].toFixed(0)} us; `
		+ `tick already done: p50 ${pct(idle, 50).toFixed(0)} us; PING p50 ${pct(pings, 50).toFixed(0)} us; waiting after: ${waiting}`);
}
await r.call('UNLINK', ...KEYS, `${tag}seq`);
console.log('| line length | mean per tick | p50 | p99 | max | tick already done (p50) | PING (p50) |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const x of rows) {
	console.log(`| ${x.n.toLocaleString('en')} | ${x.mean.toFixed(0)} µs | ${x.p50.toFixed(0)} µs | ${x.p99.toFixed(0)} µs | ${x.max.toFixed(0)} µs | ${x.noopP50.toFixed(0)} µs | ${x.pingP50.toFixed(0)} µs |`);
}
r.close();
