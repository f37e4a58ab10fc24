// Stagedoor's ticket-open page: concerts → waiting room → seats, balance and payment → tickets.
// Plain ES modules, no build step. The HTTP contract is /work/shared/API.md.
import { api } from './api.js';
import { startBooking, stopBooking } from './booking.js';
import { clock, errorText, eta, formatDay, formatMoment, money, t, translatePage } from './i18n.js';
import { followQueue } from './queue.js';
import * as store from './store.js';

const $ = (id) => document.getElementById(id);
const VIEWS = ['concerts', 'waiting', 'booking', 'paid', 'ended'];
const TRANSIENT = new Set(['NETWORK', 'UNAVAILABLE', 'RATE_LIMITED', 'UNKNOWN']);

const me = store.userId();
let concerts = [];
let concert = null;
let stopFollowing = null;
let retryTimer = null;
let openCountdown = null;
let concertsTimer = null;

// --- what the user is told -----------------------------------------------------------------------

/** Shows an error in words (an ApiError, or {code, text} of the page's own); the latest message wins. */
function notify(error) {
  say('');
  const notice = $('notice');
  notice.dataset.code = error.code || 'UNKNOWN';
  notice.textContent = error.text || errorText(error);
}

function clearNotice() {
  delete $('notice').dataset.code;
  $('notice').textContent = '';
}

function clearTransientNotice() {
  if (TRANSIENT.has($('notice').dataset.code)) {
    clearNotice();
  }
}

/** A confirmation, read out politely; it replaces an earlier error. */
function say(text) {
  if (text) {
    clearNotice();
  }
  $('status').textContent = text;
}

/** Shows one view (with no message left from the one before) and moves the focus to its heading. */
function show(view, { focus = true } = {}) {
  clearNotice();
  say('');
  document.title = t(view === 'booking' ? 'app.titleYourTurn' : 'app.title');
  for (const name of VIEWS) {
    $(`view-${name}`).hidden = name !== view;
  }
  if (focus) {
    $(`view-${view}`).querySelector('h1').focus();
  }
}

function stopAll() {
  clearTimeout(retryTimer);
  clearInterval(openCountdown);
  stopFollowing?.();
  stopFollowing = null;
  stopBooking();
}

// --- concerts ------------------------------------------------------------------------------------

async function loadConcerts() {
  clearTimeout(concertsTimer);
  try {
    concerts = await api.concerts();
    renderConcerts();
    clearTransientNotice();
    return true;
  } catch (error) {
    if (!$('view-concerts').hidden) {
      notify(error);
    }
    $('concerts-state').textContent = '';
    concertsTimer = setTimeout(loadConcerts, (error.retryAfterSeconds ?? 5) * 1000);
    return false;
  }
}

function renderConcerts() {
  $('concerts-state').textContent = concerts.length ? '' : t('concerts.empty');
  $('concert-list').replaceChildren(...concerts.map((c) => {
    const item = document.createElement('li');
    item.className = 'concert card';
    const title = document.createElement('h2');
    title.textContent = c.title;
    const venue = document.createElement('p');
    venue.className = 'muted';
    venue.textContent = c.venue;
    if (c.saleOpensAt && new Date(c.saleOpensAt).getTime() > Date.now()) {
      venue.textContent += ` · ${t('concerts.opensAt', { time: formatMoment(c.saleOpensAt) })}`;
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button primary';
    button.dataset.concertId = c.concertId;
    button.textContent = store.entry(c.concertId) ? t('concerts.return') : t('concerts.enter');
    button.setAttribute('aria-label', t('concerts.enterLabel', { title: c.title }));
    const text = document.createElement('div');
    text.append(title, venue);
    item.append(text, button);
    return item;
  }));
}

function backToConcerts() {
  stopAll();
  concert = null;
  store.setCurrentConcert(null);
  renderConcerts();
  show('concerts');
  if (concerts.length === 0) {
    loadConcerts();
  }
}

// --- the line ------------------------------------------------------------------------------------

/** Takes (or takes back: 200, same place) this user's entry in a concert's line. */
async function enter(chosen) {
  stopAll();
  concert = chosen;
  store.setCurrentConcert(chosen.concertId);
  document.querySelectorAll('[data-concert-name]').forEach((element) => {
    element.textContent = [chosen.title, chosen.venue].filter(Boolean).join(' · ');
  });
  $('position-number').textContent = '…';
  $('eta').textContent = t('waiting.joining');
  $('queue-mode').textContent = '';
  $('queue-progress').value = 0;
  show('waiting');
  try {
    const saved = store.entry(chosen.concertId);
    const entry = await api.enter(me, chosen.concertId, saved?.token);
    if (concert !== chosen) {
      return;
    }
    const firstPosition = entry.created || !saved?.firstPosition ? entry.position : saved.firstPosition;
    store.saveEntry(chosen.concertId, { token: entry.token, firstPosition });
    if (entry.status === 'ACTIVE') {
      admitted();
    } else {
      if (entry.status === 'PRE_QUEUE') {
        showPreQueue(entry);
      } else {
        showPosition(entry);
      }
      follow(entry.token);
    }
  } catch (error) {
    if (concert !== chosen) {
      return;
    }
    if (error.retryable) {
      // keep trying: taking the entry again never loses the place
      notify(error);
      retryTimer = setTimeout(() => enter(chosen), (error.retryAfterSeconds ?? 3) * 1000);
    } else {
      store.forgetEntry(chosen.concertId);
      backToConcerts();
      notify(error);
    }
  }
}

function follow(token) {
  stopFollowing = followQueue(token, {
    position: (p) => {
      clearTransientNotice();
      showPosition(p);
    },
    prequeue: (p) => {
      clearTransientNotice();
      showPreQueue(p);
    },
    active: () => admitted(),
    ended: (error) => ended(error),
    trouble: (error) => notify(error),
    mode: (mode, pollAfterMs) => {
      $('queue-mode').textContent = mode === 'live' ? t('waiting.live')
        : t('waiting.polling', { seconds: Math.max(1, Math.round(pollAfterMs / 1000)) });
    },
  });
}

/** Before the line opens: no place yet (it is drawn at the open), a countdown to the open instead. */
function showPreQueue({ opensAt }) {
  if (!opensAt) {
    return;
  }
  const opens = new Date(opensAt);
  const tick = () => {
    const seconds = Math.max(0, (opens.getTime() - Date.now()) / 1000);
    $('eta').textContent = t('waiting.preQueue', { time: formatMoment(opensAt), countdown: clock(seconds) });
  };
  clearInterval(openCountdown);
  openCountdown = setInterval(tick, 1000);
  tick();
  $('position-number').textContent = t('waiting.preQueueNumber');
  $('position-number').classList.add('pending');
  document.title = t('app.titlePreQueue');
  $('queue-progress').value = 0;
}

function showPosition({ position, estimatedWaitSeconds }) {
  if (position == null) {
    return;
  }
  clearInterval(openCountdown);
  $('position-number').classList.remove('pending');
  const saved = store.entry(concert.concertId);
  let first = saved?.firstPosition ?? position;
  if (position > first) {
    first = position;
    store.saveEntry(concert.concertId, { ...saved, firstPosition: first });
  }
  $('position-number').textContent = position.toLocaleString(document.documentElement.lang);
  document.title = t('app.titleWaiting', { position });
  $('eta').textContent = t('waiting.eta', { eta: eta(estimatedWaitSeconds) });
  $('queue-progress').value = Math.round(((first - position + 1) / (first + 1)) * 100);
}

async function leaveLine() {
  const saved = store.entry(concert.concertId);
  stopAll();
  let failure = null;
  if (saved?.token) {
    try {
      await api.leave(saved.token);
    } catch (error) {
      failure = error.entryEnded ? null : error;
    }
  }
  store.forgetEntry(concert.concertId);
  backToConcerts();
  if (failure) {
    notify(failure);
  } else {
    say(t('waiting.left'));
  }
}

// --- admitted, paid, ended -----------------------------------------------------------------------

function admitted() {
  stopAll();
  clearTransientNotice();
  $('queue-progress').value = 100;
  show('booking');
  const chosen = concert;
  startBooking(chosen, store.entry(chosen.concertId).token, me, {
    notify,
    say,
    clearNotice,
    recovered: clearTransientNotice,
    ended,
    waiting: (error) => {
      // not (or no longer) active: back to the waiting room, same place
      enter(chosen);
      notify(error);
    },
    paid,
    left: () => {
      store.forgetEntry(chosen.concertId);
      backToConcerts();
      say(t('booking.left'));
    },
  });
}

/** The entry is over: the token died (left, idle, timed out, spent) or was refused. */
function ended(error) {
  stopAll();
  store.forgetEntry(concert.concertId);
  store.setCurrentConcert(null);
  $('ended-reason').textContent = errorText(error ?? { code: 'TOKEN_EXPIRED' });
  show('ended');
}

function paid(payment, tickets, balanceLeft) {
  stopAll();
  store.forgetEntry(concert.concertId);
  store.setCurrentConcert(null);
  $('tickets').replaceChildren(...tickets.map((h) => {
    const item = document.createElement('li');
    item.className = 'ticket card';
    const name = document.createElement('p');
    name.className = 'ticket-concert';
    name.textContent = concert.title;
    const where = document.createElement('p');
    where.className = 'muted';
    where.textContent = [concert.venue, formatDay(h.date)].filter(Boolean).join(' · ');
    const seat = document.createElement('p');
    seat.className = 'ticket-seat';
    seat.textContent = t('paid.ticket', { seat: h.seatNo });
    const price = document.createElement('p');
    price.textContent = money(h.price);
    item.append(name, where, seat, price);
    return item;
  }));
  const rows = [
    ['paid.payment', payment.paymentId],
    ['paid.amount', money(payment.amount)],
    ['paid.at', formatMoment(payment.paidAt)],
  ];
  if (balanceLeft != null) {
    rows.push(['paid.balance', money(balanceLeft)]);
  }
  $('payment').replaceChildren(...rows.flatMap(([key, value]) => {
    const term = document.createElement('dt');
    term.textContent = t(key);
    const detail = document.createElement('dd');
    detail.textContent = value;
    return [term, detail];
  }));
  show('paid');
}

// --- start ---------------------------------------------------------------------------------------

async function start() {
  translatePage();
  $('concert-list').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-concert-id]');
    if (button) {
      const chosen = concerts.find((c) => c.concertId === Number(button.dataset.concertId));
      if (chosen) {
        enter(chosen);
      }
    }
  });
  $('leave-line').addEventListener('click', leaveLine);
  $('paid-back').addEventListener('click', backToConcerts);
  $('ended-back').addEventListener('click', backToConcerts);
  $('enter-again').addEventListener('click', () => concert && enter(concert));

  const loaded = await loadConcerts();
  // a reload (or a second tab) goes back to the same place in the same line
  const resume = store.currentConcert();
  if (resume != null && store.entry(resume)) {
    const known = concerts.find((c) => c.concertId === resume);
    if (known || !loaded) {
      enter(known ?? { concertId: resume, title: '', venue: '' });
    }
  }
}

start();
