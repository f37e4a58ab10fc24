// A minimal Redis (RESP2) client over one TCP connection, with pipelining: enough for the benchmark
// scripts (no dependency to install). Loopback only.
import net from 'node:net';

export class Redis {
	static async connect(url = 'redis://127.0.0.1:6379/2') {
		const u = new URL(url);
		if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) throw new Error('loopback only');
		const r = new Redis(net.createConnection({ host: u.hostname, port: parseInt(u.port || '6379', 10) }));
		await new Promise((ok, ko) => { r.socket.once('connect', ok); r.socket.once('error', ko); });
		r.socket.setNoDelay(true);
		const db = parseInt((u.pathname || '/0').slice(1) || '0', 10);
		await r.call('SELECT', db);
		return r;
	}

	constructor(socket) {
		this.socket = socket;
		this.buf = Buffer.alloc(0);
		this.waiting = [];
		socket.on('data', (d) => { this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d; this.drain(); });
		socket.on('error', (e) => { for (const w of this.waiting.splice(0)) w.ko(e); });
	}

	static encode(args) {
		const parts = [`*${args.length}\r\n`];
		for (const a of args) {
			const s = String(a);
			parts.push(`$${Buffer.byteLength(s)}\r\n${s}\r\n`);
		}
		return parts.join('');
	}

	/** Sends one command; resolves with its reply (errors reject). */
	call(...args) {
		return new Promise((ok, ko) => {
			this.waiting.push({ ok, ko });
			this.socket.write(Redis.encode(args));
		});
	}

	/** Sends many commands in one write; resolves with all replies. */
	pipeline(commands) {
		const all = commands.map(() => new Promise((ok, ko) => this.waiting.push({ ok, ko })));
		this.socket.write(commands.map(Redis.encode).join(''));
		return Promise.all(all);
	}

	drain() {
		for (;;) {
			const r = this.parse(0);
			if (!r) return;
			this.buf = this.buf.subarray(r.end);
			const w = this.waiting.shift();
			if (r.value instanceof Error) w.ko(r.value); else w.ok(r.value);
		}
	}

	parse(pos) {
		const nl = this.buf.indexOf('\r\n', pos);
		if (nl < 0) return null;
		const type = String.fromCharCode(this.buf[pos]);
		const line = this.buf.toString('utf8', pos + 1, nl);
		const next = nl + 2;
		switch (type) {
			case '+': return { value: line, end: next };
			case '-': return { value: new Error(line), end: next };
			case ':': return { value: Number(line), end: next };
			case '$': {
				const n = parseInt(line, 10);
				if (n < 0) return { value: null, end: next };
				if (this.buf.length < next + n + 2) return null;
				return { value: this.buf.toString('utf8', next, next + n), end: next + n + 2 };
			}
			case '*': {
				const n = parseInt(line, 10);
				if (n < 0) return { value: null, end: next };
				const out = [];
				let p = next;
				for (let i = 0; i < n; i++) {
					const r = this.parse(p);
					if (!r) return null;
					out.push(r.value);
					p = r.end;
				}
				return { value: out, end: p };
			}
			default: throw new Error(`bad RESP type ${type}`);
		}
	}

	close() { this.socket.end(); }
}
