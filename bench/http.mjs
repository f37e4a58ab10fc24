// One HTTP exchange of a benchmark client, counted: every answer goes into `tally` by
// "<name> <status>", the first 20 unexpected ones (and client errors) into `unexpected` with the
// start of their body. Never rejects: a client-side error resolves with status 0.
import http from 'node:http';

/**
 * @param tally {Object<string, number>} counts by "<name> <status>"
 * @param unexpected {string[]} the first 20 answers `expected` refused, and the client errors
 * @param expected {(status: number) => boolean} which statuses are fine
 */
export function counter(tally, unexpected, expected) {
	const note = (key, text) => {
		if (unexpected.length < 20) unexpected.push(`${key}: ${text}`);
	};
	return function send(base, agent, name, method, path, token, body, extra) {
		const data = body ? JSON.stringify(body) : null;
		return new Promise((resolve) => {
			const req = http.request({ host: base.hostname, port: base.port, path, method, agent, timeout: 15_000,
				headers: Object.assign({}, token ? { Authorization: `Bearer ${token}` } : {}, extra || {},
					data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {}) }, (res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => {
					const key = `${name} ${res.statusCode}`;
					tally[key] = (tally[key] || 0) + 1;
					if (!expected(res.statusCode)) note(key, text.slice(0, 200));
					let json = null;
					try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
					resolve({ status: res.statusCode, json, retryAfter: res.headers['retry-after'] });
				});
			});
			req.on('timeout', () => req.destroy(new Error('client timeout 15 s')));
			req.on('error', (e) => {
				const key = `${name} ERR`;
				tally[key] = (tally[key] || 0) + 1;
				note(key, e.message);
				resolve({ status: 0, json: null });
			});
			req.end(data);
		});
	};
}
