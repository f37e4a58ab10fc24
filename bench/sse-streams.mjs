// Scenario 4: opens one GET /api/v1/queue/events?token= stream per token (raw http, a socket each,
// at most 200 openings in flight), prints "ALL OPEN <n>" once every stream has its first event,
// keeps them open for <hold> seconds, then closes them and prints what arrived.
//   node bench/sse-streams.mjs http://127.0.0.1:18181 out/tokens.tsv [hold=60]
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [base, tokenFile, holdArg] = process.argv.slice(2);
const url = new URL(base);
if (!['127.0.0.1', 'localhost'].includes(url.hostname)) throw new Error('loopback targets only');
const HOLD_S = parseInt(holdArg || '60', 10);
const tokens = readFileSync(tokenFile, 'utf8').trim().split('\n').map((l) => l.split('\t')[0]);
const streams = [];
let opened = 0, failed = 0, events = 0, heartbeats = 0, ended = 0;

function open(token) {
	return new Promise((resolve) => {
		const req = http.get({ host: url.hostname, port: url.port, agent: false, path: `/api/v1/queue/events?token=${encodeURIComponent(token)}`,
			headers: { Accept: 'text/event-stream' } }, (res) => {
			if (res.statusCode !== 200) { failed++; res.resume(); resolve(); return; }
			let first = true;
			res.setEncoding('utf8');
			res.on('data', (d) => {
				events += (d.match(/^event:/gm) || []).length;
				heartbeats += (d.match(/^:/gm) || []).length;
				if (first) { first = false; opened++; resolve(); }
			});
			res.on('end', () => { ended++; });
			res.on('error', () => {});
		});
		req.on('error', () => { failed++; resolve(); });
		streams.push(req);
	});
}

const t0 = Date.now();
let next = 0;
await Promise.all(Array.from({ length: 200 }, async () => {
	while (next < tokens.length && Date.now() - t0 < 300_000) await open(tokens[next++]);
}));
console.log(`ALL OPEN ${opened} (failed ${failed}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
await new Promise((r) => setTimeout(r, HOLD_S * 1000));
console.log(`after ${HOLD_S} s: open ${opened - ended}, events ${events}, heartbeat comments ${heartbeats}, ended early ${ended}`);
for (const req of streams) req.destroy();
