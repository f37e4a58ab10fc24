// Scenario 5: 1,000 holds of one seat sent at once by 1,000 distinct active users (exactly one
// 201, every answer within 1 s), against 1,000 status polls of the same users at once.
//   node bench/seat-race.mjs http://127.0.0.1:18181 out/tokens.tsv [rounds=3]
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [base, tokenFile, roundsArg] = process.argv.slice(2);
const url = new URL(base);
if (!['127.0.0.1', 'localhost'].includes(url.hostname)) throw new Error('loopback targets only');
const rounds = parseInt(roundsArg || '3', 10);
const users = readFileSync(tokenFile, 'utf8').trim().split('\n').map((l) => { const [token, userId] = l.split('\t'); return { token, userId }; });
const agent = new http.Agent({ keepAlive: true, maxSockets: users.length });

function request(method, path, token, body) {
	return new Promise((resolve) => {
		const t0 = process.hrtime.bigint();
		const data = body ? JSON.stringify(body) : null;
		const req = http.request({ host: url.hostname, port: url.port, path, method, agent, timeout: 10_000,
			headers: Object.assign({ Authorization: `Bearer ${token}` }, data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {}) }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d) => (text += d));
			res.on('end', () => resolve({ status: res.statusCode, body: text, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (e) => resolve({ status: 0, body: String(e), ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
		req.end(data);
	});
}

function pct(sorted, p) { return sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)]; }
function summary(label, results) {
	const ms = results.map((r) => r.ms).sort((a, b) => a - b);
	const statuses = {};
	for (const r of results) statuses[r.status] = (statuses[r.status] || 0) + 1;
	const line = `${label}: ${JSON.stringify(statuses)}, p50 ${pct(ms, 50).toFixed(0)} ms, p99 ${pct(ms, 99).toFixed(0)} ms, max ${ms[ms.length - 1].toFixed(0)} ms`;
	console.log(line);
	return { statuses, p50: pct(ms, 50), p99: pct(ms, 99), max: ms[ms.length - 1] };
}

const dates = JSON.parse((await request('GET', '/api/v1/concerts/1/dates', users[0].token)).body).dates.map((d) => d.date);
// warm-up (the JIT and the sockets): 200 users race for the 50 seats of the last date
const warm = await Promise.all(users.slice(0, 200).map((u, i) => request('POST', '/api/v1/reservations', u.token, { concertId: 1, date: dates[dates.length - 1], seatNo: (i % 50) + 1 })));
summary('warm-up (200 holds over 50 seats of the last date)', warm);
await Promise.all(users.map((u) => request('GET', '/api/v1/queue/status', u.token)));

const out = [];
for (let round = 0; round < rounds; round++) {
	const seatNo = 7 + round;
	const holds = await Promise.all(users.map((u) => request('POST', '/api/v1/reservations', u.token, { concertId: 1, date: dates[0], seatNo })));
	const h = summary(`round ${round + 1}: ${users.length} holds of seat ${seatNo} on ${dates[0]} at once`, holds);
	const codes = {};
	for (const r of holds) if (r.status !== 201) { const c = (JSON.parse(r.body || '{}').code) || r.body.slice(0, 60); codes[c] = (codes[c] || 0) + 1; }
	console.log(`  refusals by code: ${JSON.stringify(codes)}; exactly one 201: ${h.statuses[201] === 1}; all within 1 s: ${h.max < 1000}`);
	const polls = await Promise.all(users.map((u) => request('GET', '/api/v1/queue/status', u.token)));
	const s = summary(`round ${round + 1}: ${users.length} status polls at once (same users)`, polls);
	out.push({ seatNo, h, s });
}
console.log('| round | seat | 201 | 409 | other | hold p50 | hold p99 | hold max | status p50 | status p99 |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [i, r] of out.entries()) {
	const other = Object.entries(r.h.statuses).filter(([k]) => k !== '201' && k !== '409').reduce((a, [, v]) => a + v, 0);
	console.log(`| ${i + 1} | ${r.seatNo} | ${r.h.statuses[201] || 0} | ${r.h.statuses[409] || 0} | ${other} | ${r.h.p50.toFixed(0)} ms | ${r.h.p99.toFixed(0)} ms | ${r.h.max.toFixed(0)} ms | ${r.s.p50.toFixed(0)} ms | ${r.s.p99.toFixed(0)} ms |`);
}
agent.destroy();
