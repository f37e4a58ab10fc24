// Issues N queue tokens (random UUID v4 users) with C requests in flight and writes one line per
// token: "<token>\t<userId>\t<arrival>". Loopback only; bounded by N and by --timeout seconds.
//   node bench/issue-tokens.mjs http://127.0.0.1:18181 10000 64 out/tokens.tsv [concertId]
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const [base, nArg, cArg, outFile, concertArg] = process.argv.slice(2);
const url = new URL(base);
if (!['127.0.0.1', 'localhost'].includes(url.hostname)) throw new Error('loopback targets only');
const n = parseInt(nArg, 10), c = parseInt(cArg, 10), concertId = parseInt(concertArg || '1', 10);
const deadline = Date.now() + 300_000;
const agent = new http.Agent({ keepAlive: true, maxSockets: c });

function post(body) {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: url.hostname, port: url.port, path: '/api/v1/queue/tokens', method: 'POST', agent,
			headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
			let data = '';
			res.setEncoding('utf8');
			res.on('data', (d) => (data += d));
			res.on('end', () => resolve({ status: res.statusCode, body: data }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

function arrival(token) {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).seq;
}

const lines = new Array(n);
let next = 0, failures = 0;
const t0 = Date.now();
async function worker() {
	while (next < n && Date.now() < deadline) {
		const i = next++;
		const userId = randomUUID();
		const res = await post(JSON.stringify({ userId, concertId }));
		if (res.status !== 201) {
			failures++;
			if (failures < 5) console.error(`issue answered ${res.status}: ${res.body.slice(0, 200)}`);
			continue;
		}
		const token = JSON.parse(res.body).token;
		lines[i] = `${token}\t${userId}\t${arrival(token)}`;
	}
}
await Promise.all(Array.from({ length: c }, worker));
const ok = lines.filter(Boolean);
writeFileSync(outFile, ok.join('\n') + '\n');
console.log(`issued ${ok.length}/${n} tokens in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${failures} failures -> ${outFile}`);
agent.destroy();
if (ok.length !== n) process.exit(1);
