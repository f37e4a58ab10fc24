// The admitted part: dates, the seat map (refreshed every few seconds), holds with their
// countdowns, the balance and its charge, and the payment. One session per admission.
import { api } from './api.js';
import { clock, formatDay, money, t } from './i18n.js';
import { renderLegend, renderPrices, seatMap } from './seats.js';
import * as store from './store.js';

const SEAT_REFRESH_MS = 4000;

const $ = (id) => document.getElementById(id);

let session = null;
let map = null;
let amountTouched = false;

/**
 * Starts booking with an active token. `ui` gives: notify(error), say(text), clearNotice(),
 * recovered() (drops a notice of a passing outage), ended(error), waiting(error),
 * paid(payment, tickets, balanceLeft), left().
 */
export function startBooking(concert, token, userId, ui) {
  stopBooking();
  setUp();
  session = {
    concert, token, userId, ui,
    dates: [], date: null, seats: [], holds: new Map(), balance: null,
    pendingSeats: new Set(), refreshes: 0, busy: false,
  };
  const s = session;
  s.seatTimer = setInterval(() => refreshSeats(s), SEAT_REFRESH_MS);
  s.clockTimer = setInterval(() => tick(s), 1000);
  amountTouched = false;
  $('dates').replaceChildren();
  $('dates-state').textContent = '';
  $('seat-area').hidden = true;
  $('seats-hint').hidden = false;
  map.clear();
  $('balance').textContent = '…';
  $('charge-amount').value = '';
  renderHolds(s);
  loadDates(s);
  loadHolds(s);
  loadBalance(s);
}

export function stopBooking() {
  if (session) {
    clearInterval(session.seatTimer);
    clearInterval(session.clockTimer);
    session = null;
  }
}

function setUp() {
  if (map) {
    return;
  }
  map = seatMap($('seat-map'), (seat, status) => session && pick(session, seat, status));
  renderLegend($('legend'));
  $('dates').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-date]');
    if (button && session) {
      selectDate(session, button.dataset.date);
    }
  });
  $('holds').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-release]');
    if (button && session) {
      const hold = session.holds.get(button.dataset.release);
      if (hold) {
        release(session, hold);
      }
    }
  });
  $('charge-amount').addEventListener('input', () => {
    amountTouched = true;
  });
  $('charge-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (session) {
      charge(session);
    }
  });
  $('pay').addEventListener('click', () => session && pay(session));
  $('leave-booking').addEventListener('click', () => session && leave(session));
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && session) {
      loadSeats(session);
    }
  });
}

const live = (s) => s === session;

/** Errors every call shares: an ended entry, a token not (or no longer) active, or words to show. */
function fail(s, error) {
  if (!live(s)) {
    return;
  }
  if (error.entryEnded) {
    stopBooking();
    s.ui.ended(error);
  } else if (error.code === 'QUEUE_NOT_ACTIVE') {
    stopBooking();
    s.ui.waiting(error);
  } else {
    s.ui.notify(error);
  }
}

/** A load that failed for a while (outage, rate limit, lost connection) is tried again later. */
function again(s, error, load) {
  if (!live(s) || !error.retryable) {
    return false;
  }
  s.ui.notify(error);
  setTimeout(() => live(s) && load(s), (error.retryAfterSeconds ?? 3) * 1000);
  return true;
}

// --- dates ---------------------------------------------------------------------------------------

async function loadDates(s) {
  try {
    const data = await api.dates(s.token, s.concert.concertId);
    if (!live(s)) {
      return;
    }
    s.dates = data.dates;
    renderDates(s);
    s.ui.recovered();
  } catch (error) {
    if (!again(s, error, loadDates)) {
      fail(s, error);
    }
  }
}

function renderDates(s) {
  const dates = [...s.dates];
  if (s.date && !dates.some((d) => d.date === s.date)) {
    dates.push({ date: s.date, availableSeats: 0 });
    dates.sort((a, b) => a.date.localeCompare(b.date));
  }
  $('dates-state').textContent = dates.length ? '' : t('booking.noDates');
  $('dates').replaceChildren(...dates.map((d) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'date';
    button.dataset.date = d.date;
    button.setAttribute('aria-pressed', String(d.date === s.date));
    const day = document.createElement('span');
    day.className = 'date-day';
    day.textContent = formatDay(d.date);
    const left = document.createElement('span');
    left.className = 'date-left';
    left.textContent = t('booking.seatsLeft', { n: d.availableSeats });
    button.append(day, left);
    return button;
  }));
}

function selectDate(s, date) {
  if (s.date === date) {
    return;
  }
  s.date = date;
  s.seats = [];
  map.clear();
  renderDates(s);
  $('seats-hint').hidden = true;
  $('seat-area').hidden = false;
  loadSeats(s);
}

// --- seats ---------------------------------------------------------------------------------------

function mineOn(s, date) {
  return new Set([...s.holds.values()].filter((h) => h.date === date).map((h) => h.seatNo));
}

async function loadSeats(s) {
  const date = s.date;
  if (!date) {
    return;
  }
  if (s.loadingSeats) {
    // one at a time; the one under way may have started before what changed, so another follows
    s.seatsAgain = true;
    return;
  }
  s.loadingSeats = true;
  s.seatsAgain = false;
  try {
    const data = await api.seats(s.token, s.concert.concertId, date);
    if (!live(s) || s.date !== date) {
      return;
    }
    s.seats = data.seats;
    renderSeats(s);
    const day = s.dates.find((d) => d.date === date);
    if (day) {
      day.availableSeats = data.seats.filter((seat) => seat.status === 'AVAILABLE').length;
      renderDates(s);
    }
    s.refreshes += 1;
    $('seat-map').dataset.refreshes = String(s.refreshes);
  } catch (error) {
    // a background refresh that is refused for a while just waits for the next one
    if (!error.retryable) {
      fail(s, error);
    }
  } finally {
    s.loadingSeats = false;
    if (s.seatsAgain && live(s)) {
      loadSeats(s);
    }
  }
}

function renderSeats(s) {
  map.render(s.seats, mineOn(s, s.date));
  renderPrices($('prices'), s.seats);
}

function refreshSeats(s) {
  if (live(s) && !document.hidden) {
    loadSeats(s);
  }
}

function pick(s, seat, status) {
  if (!seat) {
    return;
  }
  if (status === 'MINE') {
    const hold = [...s.holds.values()].find((h) => h.date === s.date && h.seatNo === seat.seatNo);
    if (hold) {
      release(s, hold);
    }
  } else if (status === 'AVAILABLE') {
    hold(s, seat.seatNo);
  } else {
    s.ui.notify({ code: 'SEAT_NOT_FREE', text: t('seat.notFree', { seat: seat.seatNo }) });
  }
}

// --- holds ---------------------------------------------------------------------------------------

async function hold(s, seatNo) {
  const date = s.date;
  if (s.pendingSeats.has(seatNo)) {
    return;
  }
  s.pendingSeats.add(seatNo);
  try {
    const held = await api.hold(s.token, s.concert.concertId, date, seatNo);
    if (!live(s)) {
      return;
    }
    s.holds.set(held.reservationId, held);
    s.ui.clearNotice();
    s.ui.say(t('holds.held', { seat: seatNo, time: clock(secondsLeft(held)) }));
    renderSeats(s);
    renderHolds(s);
  } catch (error) {
    fail(s, error);
    if (live(s) && (error.code === 'SEAT_UNAVAILABLE' || error.code === 'HOLD_LIMIT')) {
      loadSeats(s);
    }
  } finally {
    s.pendingSeats.delete(seatNo);
  }
}

async function release(s, held) {
  try {
    await api.release(s.token, held.reservationId);
    if (!live(s)) {
      return;
    }
    forget(s, held);
    s.ui.say(t('holds.released', { seat: held.seatNo }));
  } catch (error) {
    if (error.code === 'NOT_FOUND') {
      forget(s, held);
    } else {
      fail(s, error);
    }
  }
}

function forget(s, held) {
  s.holds.delete(held.reservationId);
  renderHolds(s);
  if (held.date === s.date) {
    renderSeats(s);
    loadSeats(s);
  }
}

/** The user's live holds in this concert, e.g. after a reload. */
async function loadHolds(s) {
  try {
    const list = await api.reservations(s.token, s.userId);
    if (!live(s)) {
      return;
    }
    s.holds = new Map(list.filter((r) => r.concertId === s.concert.concertId && r.status === 'HELD'
      && secondsLeft(r) > 0).map((r) => [r.reservationId, r]));
    renderHolds(s);
    const first = [...s.holds.values()][0];
    if (!s.date && first) {
      selectDate(s, first.date);
    } else if (s.date) {
      renderSeats(s);
    }
  } catch (error) {
    if (!again(s, error, loadHolds)) {
      fail(s, error);
    }
  }
}

const secondsLeft = (held) => (Date.parse(held.expiresAt) - Date.now()) / 1000;

function total(s) {
  return [...s.holds.values()].reduce((sum, h) => sum + h.price, 0);
}

function renderHolds(s) {
  const holds = [...s.holds.values()].sort((a, b) => a.date.localeCompare(b.date) || a.seatNo - b.seatNo);
  $('holds-empty').hidden = holds.length > 0;
  $('holds').replaceChildren(...holds.map((h) => {
    const item = document.createElement('li');
    item.className = 'hold';
    item.dataset.reservation = h.reservationId;
    const what = document.createElement('span');
    what.className = 'hold-what';
    what.textContent = t('holds.item', { date: formatDay(h.date), seat: h.seatNo });
    const price = document.createElement('span');
    price.className = 'hold-price';
    price.textContent = money(h.price);
    const left = document.createElement('span');
    left.className = 'hold-left';
    left.dataset.countdown = h.reservationId;
    left.textContent = t('holds.timeLeft', { time: clock(secondsLeft(h)) });
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button link';
    button.dataset.release = h.reservationId;
    button.textContent = t('holds.release');
    button.setAttribute('aria-label', t('holds.releaseLabel', { seat: h.seatNo }));
    item.append(what, price, left, button);
    return item;
  }));
  $('holds-total').textContent = money(total(s));
  renderWallet(s);
}

/** Every second: the countdowns, and holds that lapsed are dropped (the seat is free again). */
function tick(s) {
  if (!live(s)) {
    return;
  }
  let lapsed = false;
  for (const h of [...s.holds.values()]) {
    const left = secondsLeft(h);
    if (left <= 0) {
      s.holds.delete(h.reservationId);
      s.ui.say(t('holds.lapsed', { seat: h.seatNo }));
      lapsed = true;
    } else {
      const element = document.querySelector(`[data-countdown="${h.reservationId}"]`);
      if (element) {
        element.textContent = t('holds.timeLeft', { time: clock(left) });
      }
    }
  }
  if (lapsed) {
    renderHolds(s);
    renderSeats(s);
    loadSeats(s);
  }
}

// --- balance, charge, payment --------------------------------------------------------------------

async function loadBalance(s) {
  try {
    const data = await api.balance(s.token, s.userId);
    if (live(s)) {
      s.balance = data.balance;
      renderWallet(s);
    }
  } catch (error) {
    if (!again(s, error, loadBalance)) {
      fail(s, error);
    }
  }
}

function renderWallet(s) {
  const due = total(s);
  $('balance').textContent = s.balance == null ? '…' : money(s.balance);
  const short = s.balance == null ? 0 : due - s.balance;
  $('shortfall').textContent = short > 0 ? t('wallet.shortfall', { amount: money(short) }) : '';
  const amount = $('charge-amount');
  if (short > 0 && !amountTouched) {
    amount.value = String(short);
  }
  const pay = $('pay');
  pay.disabled = s.busy || s.holds.size === 0;
  pay.textContent = s.busy ? t('pay.paying') : (due > 0 ? t('pay.button', { amount: money(due) }) : t('pay.none'));
}

async function charge(s) {
  const input = $('charge-amount');
  const amount = Number(input.value);
  if (!Number.isInteger(amount) || amount < 1 || amount > 10_000_000) {
    s.ui.notify({ code: 'BAD_AMOUNT', text: t('wallet.badAmount') });
    input.focus();
    return;
  }
  const button = $('charge');
  button.disabled = true;
  const key = store.idempotencyKey('charge', String(amount));
  try {
    const data = await api.charge(s.token, s.userId, amount, key);
    store.settleIdempotencyKey('charge');
    if (!live(s)) {
      return;
    }
    s.balance = data.balance;
    amountTouched = false;
    input.value = '';
    s.ui.clearNotice();
    s.ui.say(t('wallet.charged', { amount: money(amount), balance: money(data.balance) }));
    renderWallet(s);
  } catch (error) {
    if (!error.retryable && error.code !== 'IDEMPOTENCY_CONFLICT') {
      store.settleIdempotencyKey('charge');
    }
    fail(s, error);
  } finally {
    button.disabled = false;
  }
}

async function pay(s) {
  const holds = [...s.holds.values()];
  if (holds.length === 0 || s.busy) {
    return;
  }
  const ids = holds.map((h) => h.reservationId).sort();
  const key = store.idempotencyKey('payment', ids.join(','));
  s.busy = true;
  renderWallet(s);
  try {
    const payment = await api.pay(s.token, ids, key);
    store.settleIdempotencyKey('payment');
    if (!live(s)) {
      return;
    }
    stopBooking();
    const paid = new Set(payment.reservationIds);
    const tickets = holds.filter((h) => paid.has(h.reservationId))
      .sort((a, b) => a.date.localeCompare(b.date) || a.seatNo - b.seatNo);
    s.ui.paid(payment, tickets, s.balance == null ? null : s.balance - payment.amount);
  } catch (error) {
    if (!error.retryable && error.code !== 'IDEMPOTENCY_CONFLICT' && error.code !== 'PAYMENT_IN_PROGRESS') {
      store.settleIdempotencyKey('payment');
    }
    fail(s, error);
    if (!live(s)) {
      return;
    }
    if (error.code === 'INSUFFICIENT_BALANCE') {
      amountTouched = false;
      loadBalance(s);
      $('charge-amount').focus();
    } else if (error.code === 'HOLD_EXPIRED' || error.code === 'ALREADY_PAID') {
      loadHolds(s);
      loadSeats(s);
    }
  } finally {
    s.busy = false;
    if (live(s)) {
      renderWallet(s);
    }
  }
}

async function leave(s) {
  try {
    await api.leave(s.token);
  } catch (error) {
    if (!error.entryEnded) {
      fail(s, error);
      return;
    }
  }
  if (live(s)) {
    stopBooking();
    s.ui.left();
  }
}
