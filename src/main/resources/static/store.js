// What the page keeps on this device (localStorage, or memory where storage is refused): the user id,
// each concert's queue entry (token and first position) and the idempotency keys of unfinished requests.
const memory = new Map();

function read(key) {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key, value) {
  try {
    if (value == null) {
      window.localStorage.removeItem(key);
    } else {
      window.localStorage.setItem(key, value);
    }
  } catch {
    if (value == null) {
      memory.delete(key);
    } else {
      memory.set(key, value);
    }
  }
}

function readJson(key) {
  try {
    return JSON.parse(read(key)) ?? null;
  } catch {
    return null;
  }
}

/** A random UUID v4; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** This device's user id, made on the first visit. It is a secret: it is never shown or logged. */
export function userId() {
  let id = read('stagedoor.userId');
  if (!id) {
    id = newId();
    write('stagedoor.userId', id);
  }
  return id;
}

/** The concert whose line or booking this device is in, to resume after a reload. */
export const currentConcert = () => {
  const id = Number(read('stagedoor.current'));
  return Number.isInteger(id) && id > 0 ? id : null;
};
export const setCurrentConcert = (concertId) => write('stagedoor.current', concertId == null ? null : String(concertId));

/** {token, firstPosition} of a concert's live entry, or null. */
export const entry = (concertId) => readJson(`stagedoor.entry.${concertId}`);
export const saveEntry = (concertId, value) => write(`stagedoor.entry.${concertId}`, JSON.stringify(value));
export const forgetEntry = (concertId) => write(`stagedoor.entry.${concertId}`, null);

/**
 * The Idempotency-Key for a request: the key of the last unfinished attempt when it was the same
 * request (its outcome is unknown, so a retry must not charge or pay twice), a new one otherwise.
 */
export function idempotencyKey(kind, fingerprint) {
  const pending = readJson(`stagedoor.pending.${kind}`);
  if (pending && pending.fingerprint === fingerprint) {
    return pending.key;
  }
  const key = newId();
  write(`stagedoor.pending.${kind}`, JSON.stringify({ fingerprint, key }));
  return key;
}

/** The request got a definite answer: the next one gets a new key. */
export const settleIdempotencyKey = (kind) => write(`stagedoor.pending.${kind}`, null);
