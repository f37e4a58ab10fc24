// The operators' API (/admin/api, behind X-Admin-Key) as the operator page uses it. Every error
// becomes an AdminError carrying the problem+json `code` and `detail`; no answer at all is NETWORK.
import { exchange } from './http.js';

const BASE = '/admin/api';

export class AdminError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || (status >= 500 ? 'UNAVAILABLE' : 'UNKNOWN');
    this.detail = problem.detail || '';
  }
}

async function request(method, path, { key, actor, body } = {}) {
  const headers = { 'X-Admin-Key': key };
  if (actor) {
    headers['X-Admin-Actor'] = actor;
  }
  const answer = await exchange(`${BASE}${path}`, method, headers, body);
  if (!answer) {
    throw new AdminError(0, { code: 'NETWORK' });
  }
  const { response, data } = answer;
  if (!response.ok) {
    throw new AdminError(response.status, data && typeof data === 'object' ? data : {});
  }
  return data;
}

export const adminApi = {
  /** [{line, seats}] for every concert. */
  concerts: (key) => request('GET', '/concerts', { key }),
  /** Any of {paused, draining, maxActive, admitPerTick}; answers {line, seats} as now in force. */
  change: (key, actor, concertId, change) => request('PATCH', `/concerts/${encodeURIComponent(concertId)}/controls`,
    { key, actor, body: change }),
  audit: (key, concertId, limit) => request('GET', `/audit?concertId=${encodeURIComponent(concertId)}&limit=${limit}`,
    { key }),
};
