// Stagedoor's operator page (/admin): sign in with the admin key, watch a concert's line live and
// steer it. Plain ES modules, no build step; only the admin API (/admin/api, X-Admin-Key).
import { adminApi } from './admin-api.js';
import { drawChart } from './admin-chart.js';

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 1000;
const AUDIT_EVERY = 5;
const WINDOW_MS = 5 * 60 * 1000;
const ACTOR = /^[\p{L}\p{N} ._@-]{1,64}$/u;
const STORE = { key: 'stagedoor.admin.key', actor: 'stagedoor.admin.actor', concert: 'stagedoor.admin.concert' };

const count = new Intl.NumberFormat('en-US');
const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const axis = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

let key = sessionStorage.getItem(STORE.key);
let actor = sessionStorage.getItem(STORE.actor) || '';
let selected = Number(sessionStorage.getItem(STORE.concert)) || null;
/** concertId → the latest {line, seats} */
const latest = new Map();
/** concertId → samples [{t, waiting, active, rate, holds}] of the last few minutes */
const history = new Map();
let refreshTimer = null;
let refreshes = 0;
let pending = false;
const dirty = { maxActive: false, admitPerTick: false };

// --- words ---------------------------------------------------------------------------------------

function duration(seconds) {
  if (seconds < 60) {
    return `${seconds} s`;
  }
  if (seconds < 3600) {
    const s = seconds % 60;
    return `${Math.floor(seconds / 60)} min${s ? ` ${s} s` : ''}`;
  }
  const m = Math.floor((seconds % 3600) / 60);
  return `${Math.floor(seconds / 3600)} h${m ? ` ${m} min` : ''}`;
}

const time = (instant) => clock.format(new Date(instant));

/** An error of the admin API in words an operator can act on. */
function errorText(error) {
  switch (error.code) {
    case 'ADMIN_UNAUTHORIZED':
      return `The admin key was refused: ${error.detail || 'check stagedoor.admin.key'}.`;
    case 'INVALID_REQUEST':
      return `Refused: ${error.detail || 'the server did not accept that'}.`;
    case 'NOT_FOUND':
      return 'That concert does not exist (any more).';
    case 'NETWORK':
      return 'No answer from the server. Check the connection; the page keeps trying.';
    case 'UNAVAILABLE':
      return 'The service is unavailable (Redis or the database cannot be reached). The page keeps trying.';
    default:
      return `The server answered ${error.status}: ${error.detail || error.message}`;
  }
}

/** A recorded change, e.g. {"paused":true,"maxActive":8} → "Paused admission, max active → 8". */
function changeText(json) {
  let change;
  try {
    change = JSON.parse(json);
  } catch {
    return json;
  }
  const parts = [];
  if ('paused' in change) {
    parts.push(change.paused ? 'paused admission' : 'resumed admission');
  }
  if ('draining' in change) {
    parts.push(change.draining ? 'started draining' : 'stopped draining');
  }
  if ('maxActive' in change) {
    parts.push(`max active → ${count.format(change.maxActive)}`);
  }
  if ('admitPerTick' in change) {
    parts.push(`admit per tick → ${count.format(change.admitPerTick)}`);
  }
  const text = parts.join(', ') || json;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// --- sign-in -------------------------------------------------------------------------------------

function showSignIn(message) {
  clearTimeout(refreshTimer);
  $('view-dashboard').hidden = true;
  $('view-sign-in').hidden = false;
  $('sign-out').hidden = true;
  $('sign-in-error').textContent = message || '';
  $('admin-actor').value = actor;
  $('admin-key').value = '';
  $('admin-key').focus();
}

function showDashboard() {
  $('view-sign-in').hidden = true;
  $('view-dashboard').hidden = false;
  $('sign-out').hidden = false;
  $('dashboard-title').focus();
}

async function signIn(event) {
  event.preventDefault();
  const givenKey = $('admin-key').value.trim();
  const givenActor = $('admin-actor').value.trim();
  if (!givenKey) {
    $('sign-in-error').textContent = 'Enter the admin key.';
    $('admin-key').focus();
    return;
  }
  if (givenActor && !ACTOR.test(givenActor)) {
    $('sign-in-error').textContent = 'Your name may hold only letters, digits, spaces and ._@- (64 at most).';
    $('admin-actor').focus();
    return;
  }
  $('sign-in').disabled = true;
  try {
    const all = await adminApi.concerts(givenKey);
    key = givenKey;
    actor = givenActor;
    sessionStorage.setItem(STORE.key, key);
    sessionStorage.setItem(STORE.actor, actor);
    $('sign-in-error').textContent = '';
    showDashboard();
    take(all);
    refreshAudit();
    refreshTimer = setTimeout(refresh, REFRESH_MS);
  } catch (error) {
    $('sign-in-error').textContent = error.code === 'ADMIN_UNAUTHORIZED'
      ? 'That admin key was refused. Check stagedoor.admin.key and try again.' : errorText(error);
    $('admin-key').select();
  } finally {
    $('sign-in').disabled = false;
  }
}

function signOut() {
  key = null;
  sessionStorage.removeItem(STORE.key);
  showSignIn('');
}

// --- figures -------------------------------------------------------------------------------------

async function refresh() {
  clearTimeout(refreshTimer);
  try {
    take(await adminApi.concerts(key));
    $('notice').textContent = '';
    if (refreshes % AUDIT_EVERY === 1) {
      refreshAudit();
    }
  } catch (error) {
    if (error.code === 'ADMIN_UNAUTHORIZED') {
      signOut();
      $('sign-in-error').textContent = 'The admin key was refused (was it changed?). Sign in again.';
      return;
    }
    $('notice').textContent = `Figures not updated. ${errorText(error)}`;
  }
  refreshTimer = setTimeout(refresh, REFRESH_MS);
}

/** Takes every concert's figures: keeps each one's history, then shows the selected one. */
function take(all) {
  for (const entry of all) {
    const id = entry.line.concertId;
    latest.set(id, entry);
    const samples = history.get(id) || [];
    const t = Date.parse(entry.line.at);
    if (!samples.length || samples[samples.length - 1].t < t) {
      samples.push({
        t,
        waiting: entry.line.waiting,
        active: entry.line.active,
        rate: entry.line.admittedPerSecond,
        holds: entry.seats.holds,
      });
    }
    while (samples.length && samples[0].t < t - WINDOW_MS) {
      samples.shift();
    }
    history.set(id, samples);
  }
  if (!latest.has(selected) && all.length) {
    select(all[0].line.concertId);
  }
  renderPicker(all);
  render();
  refreshes += 1;
  $('updated').dataset.refreshes = String(refreshes);
}

function renderPicker(all) {
  const picker = $('concert');
  const wanted = all.map((e) => `${e.line.concertId}:${e.line.title}`).join('|');
  if (picker.dataset.options !== wanted) {
    picker.replaceChildren(...all.map((e) => {
      const option = document.createElement('option');
      option.value = String(e.line.concertId);
      option.textContent = `#${e.line.concertId} ${e.line.title}`;
      return option;
    }));
    picker.dataset.options = wanted;
  }
  if (selected !== null) {
    picker.value = String(selected);
  }
  $('no-concerts').hidden = all.length > 0;
  $('dashboard').hidden = all.length === 0;
}

function select(concertId) {
  selected = concertId;
  sessionStorage.setItem(STORE.concert, String(concertId));
  dirty.maxActive = false;
  dirty.admitPerTick = false;
  $('answer').textContent = '';
  $('control-error').textContent = '';
}

function setFigure(id, value, text) {
  const node = $(id);
  node.dataset.value = value === null || value === undefined ? '' : String(value);
  node.textContent = text;
}

function render() {
  const entry = latest.get(selected);
  if (!entry) {
    return;
  }
  const { line, seats } = entry;
  const abandoned = line.abandoned.idle + line.abandoned.left + line.abandoned.lapsed;
  setFigure('fig-waiting', line.waiting, count.format(line.waiting));
  setFigure('fig-active', line.active, `${count.format(line.active)} of ${count.format(line.maxActive)}`);
  setFigure('fig-rate', line.admittedPerSecond,
    line.admittedPerSecond === null ? 'not measured yet' : `${rate.format(line.admittedPerSecond)} / s`);
  let eta;
  if (line.etaAtBackSeconds !== null) {
    eta = duration(line.etaAtBackSeconds);
  } else if (line.preQueue) {
    eta = `opens ${time(line.opensAt)}`;
  } else {
    eta = line.waiting === 0 ? 'nobody waiting' : 'not known yet';
  }
  setFigure('fig-eta', line.etaAtBackSeconds, eta);
  setFigure('fig-holds', seats.holds, count.format(seats.holds));
  setFigure('fig-sold', seats.sold, `${count.format(seats.sold)} of ${count.format(seats.seats)}`);
  setFigure('fig-admitted', line.admittedTotal, count.format(line.admittedTotal));
  setFigure('fig-abandoned', abandoned, count.format(abandoned));
  $('fig-abandoned-why').textContent = `idle ${count.format(line.abandoned.idle)} · `
    + `left ${count.format(line.abandoned.left)} · lapsed ${count.format(line.abandoned.lapsed)}`;

  const state = [];
  if (line.preQueue) {
    state.push(`Pre-queue until ${time(line.opensAt)}`);
  }
  state.push(line.paused ? 'Paused' : 'Admitting');
  if (line.draining) {
    state.push('Draining');
  }
  const stateText = state.join(' · ');
  if ($('line-state').textContent !== stateText) {
    // written only when it changes: it is a live region, read out on every change
    $('line-state').textContent = stateText;
  }
  $('line-state').dataset.paused = String(line.paused);
  $('line-state').dataset.draining = String(line.draining);
  $('updated').textContent = `Updated ${time(line.at)}`;

  renderControls(line);
  renderCharts(line);
}

function renderControls(line) {
  $('admission-state').textContent = line.paused ? 'paused' : 'admitting';
  $('toggle-pause').textContent = line.paused ? 'Resume admission' : 'Pause admission';
  $('entry-state').textContent = line.draining ? 'draining (no new tokens)' : 'open';
  $('toggle-drain').textContent = line.draining ? 'Stop draining' : 'Drain (stop issuing tokens)';
  $('max-active-now').textContent = `in force: ${count.format(line.maxActive)}`;
  $('admit-per-tick-now').textContent = `in force: ${count.format(line.admitPerTick)}`;
  // A field the operator is editing (changed, or focused) is never overwritten by a refresh.
  if (!dirty.maxActive && document.activeElement !== $('max-active')) {
    $('max-active').value = String(line.maxActive);
  }
  if (!dirty.admitPerTick && document.activeElement !== $('admit-per-tick')) {
    $('admit-per-tick').value = String(line.admitPerTick);
  }
  for (const id of ['toggle-pause', 'toggle-drain', 'apply-limits']) {
    $(id).disabled = pending;
  }
}

function renderCharts(line) {
  const samples = history.get(selected) || [];
  const now = Date.parse(line.at);
  const series = [
    ['chart-waiting', 'Waiting', 'waiting'],
    ['chart-active', 'Active', 'active'],
    ['chart-rate', 'Admitted per second', 'rate'],
    ['chart-holds', 'Holds', 'holds'],
  ];
  for (const [id, label, field] of series) {
    drawChart($(id), samples.map((s) => ({ t: s.t, y: s[field] })),
      { now, windowMs: WINDOW_MS, label, format: (v) => axis.format(v), clock: time });
  }
}

// --- controls ------------------------------------------------------------------------------------

async function change(body, done) {
  if (pending || !latest.has(selected)) {
    return;
  }
  pending = true;
  $('answer').textContent = '';
  $('control-error').textContent = '';
  renderControls(latest.get(selected).line);
  try {
    const answer = await adminApi.change(key, actor, selected, body);
    latest.set(answer.line.concertId, answer);
    $('answer').textContent = done(answer.line);
    refreshAudit();
  } catch (error) {
    $('control-error').textContent = errorText(error);
    if (error.code === 'ADMIN_UNAUTHORIZED') {
      signOut();
      $('sign-in-error').textContent = errorText(error);
    }
  } finally {
    pending = false;
    render();
  }
}

function togglePause() {
  const paused = !latest.get(selected)?.line.paused;
  change({ paused }, (line) => (line.paused
    ? `Admission paused: nobody is admitted until you resume; ${count.format(line.waiting)} keep their places.`
    : `Admission resumed: up to ${count.format(line.admitPerTick)} admitted per tick again.`));
}

function toggleDrain() {
  const draining = !latest.get(selected)?.line.draining;
  change({ draining }, (line) => (line.draining
    ? 'Draining: no new tokens are issued; those in line keep their places.'
    : 'Draining stopped: new arrivals may take tokens again.'));
}

/** A whole number in [1, most] from the input, or an error message naming the field. */
function whole(id, name, most) {
  const text = $(id).value.trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > most) {
    return { error: `${name} must be a whole number from 1 to ${count.format(most)}.` };
  }
  return { value };
}

function applyLimits(event) {
  event.preventDefault();
  const line = latest.get(selected)?.line;
  if (!line) {
    return;
  }
  const maxActive = whole('max-active', 'Max active', 1000000);
  const admitPerTick = whole('admit-per-tick', 'Admit per tick', 100000);
  const invalid = maxActive.error || admitPerTick.error;
  if (invalid) {
    $('answer').textContent = '';
    $('control-error').textContent = invalid;
    $(maxActive.error ? 'max-active' : 'admit-per-tick').focus();
    return;
  }
  const body = {};
  if (maxActive.value !== line.maxActive) {
    body.maxActive = maxActive.value;
  }
  if (admitPerTick.value !== line.admitPerTick) {
    body.admitPerTick = admitPerTick.value;
  }
  if (!Object.keys(body).length) {
    $('control-error').textContent = '';
    $('answer').textContent = 'Nothing to change: both limits are already in force.';
    return;
  }
  change(body, (now) => {
    dirty.maxActive = false;
    dirty.admitPerTick = false;
    return `Applied: max active ${count.format(now.maxActive)}, admit per tick ${count.format(now.admitPerTick)}, `
      + 'in force from the next tick.';
  });
}

// --- audit ---------------------------------------------------------------------------------------

async function refreshAudit() {
  const concertId = selected;
  if (concertId === null) {
    return;
  }
  try {
    const entries = await adminApi.audit(key, concertId, 20);
    if (concertId === selected) {
      renderAudit(entries);
    }
  } catch {
    // the figures' refresh reports trouble with the server; the list keeps what it showed
  }
}

function renderAudit(entries) {
  $('audit-empty').hidden = entries.length > 0;
  $('audit-table').hidden = entries.length === 0;
  $('audit').replaceChildren(...entries.map((entry) => {
    const row = document.createElement('tr');
    row.dataset.auditId = String(entry.id);
    const when = document.createElement('td');
    const at = document.createElement('time');
    at.dateTime = entry.at;
    at.textContent = time(entry.at);
    when.append(at);
    const cells = [entry.actor, changeText(entry.change), entry.address].map((text) => {
      const cell = document.createElement('td');
      cell.textContent = text;
      return cell;
    });
    row.append(when, ...cells);
    return row;
  }));
}

// --- start ---------------------------------------------------------------------------------------

$('sign-in-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', signOut);
$('concert').addEventListener('change', () => {
  select(Number($('concert').value));
  render();
  renderAudit([]);
  refreshAudit();
});
$('toggle-pause').addEventListener('click', togglePause);
$('toggle-drain').addEventListener('click', toggleDrain);
$('limits-form').addEventListener('submit', applyLimits);
$('max-active').addEventListener('input', () => { dirty.maxActive = true; });
$('admit-per-tick').addEventListener('input', () => { dirty.admitPerTick = true; });

if (key) {
  // a reload in the same tab: the key is still in this tab's session storage (a refused one signs out)
  showDashboard();
  refresh();
} else {
  showSignIn('');
}
