// The HTTP contract of /work/shared/API.md, as the page uses it. Every error becomes an ApiError
// carrying the problem+json body and its `code`; a request that never reached the server is NETWORK.
import { exchange } from './http.js';

const BASE = 'api/v1';

export class ApiError extends Error {
  constructor(status, problem, retryAfterSeconds) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.code = problem.code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The queue entry behind the token is over (left, idle, timed out, spent) or the token is bad. */
  get entryEnded() {
    return this.code === 'TOKEN_EXPIRED' || this.code === 'TOKEN_INVALID' || this.code === 'TOKEN_MISSING';
  }

  /** The outcome is unknown or the server asked to come back: the same request may be retried. */
  get retryable() {
    return this.code === 'NETWORK' || this.code === 'UNAVAILABLE' || this.code === 'RATE_LIMITED'
      || this.code === 'UNKNOWN';
  }
}

function codeOf(status) {
  if (status === 429) {
    return 'RATE_LIMITED';
  }
  if (status === 502 || status === 503 || status === 504) {
    return 'UNAVAILABLE';
  }
  return 'UNKNOWN';
}

/** Retry-After in seconds, from a number of seconds or an HTTP date. */
function retryAfter(header) {
  if (!header) {
    return null;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.ceil(seconds));
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function request(method, path, { token, body, idempotencyKey } = {}) {
  const headers = {};
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (idempotencyKey) {
    headers['Idempotency-Key'] = idempotencyKey;
  }
  const answer = await exchange(`${BASE}${path}`, method, headers, body);
  if (!answer) {
    throw new ApiError(0, { code: 'NETWORK' }, null);
  }
  const { response, data } = answer;
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : {};
    throw new ApiError(response.status, { ...problem, code: problem.code || codeOf(response.status) },
      retryAfter(response.headers.get('Retry-After')));
  }
  return { status: response.status, data };
}

const get = (path, token) => request('GET', path, { token }).then((r) => r.data);
const user = (userId) => `/users/${encodeURIComponent(userId)}`;

export const api = {
  concerts: () => get('/concerts'),

  /**
   * 201 for a new entry at the back, 200 for the user's live one (same place); sent with the earlier
   * token (if any), an entry the server lost is put back at that token's place (200).
   */
  enter: (userId, concertId, token) => request('POST', '/queue/tokens', { token, body: { userId, concertId } })
    .then((r) => ({ ...r.data, created: r.status === 201 })),
  status: (token) => get('/queue/status', token),
  leave: (token) => request('DELETE', '/queue/tokens/me', { token }),
  /** EventSource cannot send headers: the stream takes the token in the query. */
  eventsUrl: (token) => `${BASE}/queue/events?token=${encodeURIComponent(token)}`,

  dates: (token, concertId) => get(`/concerts/${concertId}/dates`, token),
  seats: (token, concertId, date) => get(`/concerts/${concertId}/dates/${date}/seats`, token),

  hold: (token, concertId, date, seatNo) => request('POST', '/reservations', { token, body: { concertId, date, seatNo } })
    .then((r) => r.data),
  release: (token, reservationId) => request('DELETE', `/reservations/${encodeURIComponent(reservationId)}`, { token }),
  reservations: (token, userId) => get(`${user(userId)}/reservations`, token),

  balance: (token, userId) => get(`${user(userId)}/balance`, token),
  charge: (token, userId, amount, idempotencyKey) => request('POST', `${user(userId)}/balance/charge`,
    { token, body: { amount }, idempotencyKey }).then((r) => r.data),
  pay: (token, reservationIds, idempotencyKey) => request('POST', '/payments',
    { token, body: { reservationIds }, idempotencyKey }).then((r) => r.data),
};
