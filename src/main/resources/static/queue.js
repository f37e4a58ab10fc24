// Follows one queue entry until it is admitted or ends: live over the event stream, and by polling
// GET /queue/status at pollAfterMs when the stream cannot be opened or breaks. The stream is tried
// again after a while of polling.
import { api } from './api.js';

const STREAM_RETRY_MS = 30_000;

/**
 * @param token the entry's queue token
 * @param on {position({position, estimatedWaitSeconds}), prequeue({opensAt, estimatedWaitSeconds}),
 *            active({activeUntil}), ended(error|null), trouble(ApiError), mode('live'|'polling', pollAfterMs)}
 * @returns a function that stops following
 */
export function followQueue(token, on) {
  let stopped = false;
  let source = null;
  let timer = null;
  let streamAgainAt = 0;

  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
    source = null;
  };

  const data = (event) => {
    try {
      return JSON.parse(event.data);
    } catch {
      return {};
    }
  };

  function openStream() {
    if (stopped) {
      return;
    }
    source = new EventSource(api.eventsUrl(token));
    on.mode('live');
    source.addEventListener('position', (event) => on.position(data(event)));
    // before the line opens: the place is drawn at the open, so there is no position yet
    source.addEventListener('prequeue', (event) => on.prequeue(data(event)));
    source.addEventListener('active', (event) => {
      stop();
      on.active(data(event));
    });
    source.addEventListener('expired', () => {
      stop();
      on.ended(null);
    });
    // refused (401, 429 …: not a stream) or broken: the status poll tells which, and carries on
    source.onerror = () => {
      source?.close();
      source = null;
      if (!stopped) {
        streamAgainAt = Date.now() + STREAM_RETRY_MS;
        poll();
      }
    };
  }

  function later(ms, next) {
    if (!stopped) {
      timer = setTimeout(next, Math.max(1000, ms));
    }
  }

  async function poll() {
    if (stopped) {
      return;
    }
    try {
      const status = await api.status(token);
      if (stopped) {
        return;
      }
      if (status.status === 'ACTIVE') {
        stop();
        on.active(status);
        return;
      }
      if (status.status === 'PRE_QUEUE') {
        on.prequeue(status);
      } else {
        // WAITING, or a state this page does not know yet: treated like WAITING
        on.position(status);
      }
      on.mode('polling', status.pollAfterMs);
      later(status.pollAfterMs, Date.now() >= streamAgainAt ? openStream : poll);
    } catch (error) {
      if (stopped) {
        return;
      }
      if (error.entryEnded) {
        stop();
        on.ended(error);
        return;
      }
      on.trouble(error);
      later((error.retryAfterSeconds ?? 3) * 1000, poll);
    }
  }

  openStream();
  return stop;
}
