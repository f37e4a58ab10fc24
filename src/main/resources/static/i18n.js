// Language by the browser's: Korean when navigator.language starts with "ko", English otherwise.
import en from './i18n/en.js';
import ko from './i18n/ko.js';

export const lang = (navigator.language || 'en').toLowerCase().startsWith('ko') ? 'ko' : 'en';
const locale = lang === 'ko' ? 'ko-KR' : 'en-US';
const texts = lang === 'ko' ? ko : en;
const plurals = new Intl.PluralRules(locale);
const won = new Intl.NumberFormat(locale, { style: 'currency', currency: 'KRW', maximumFractionDigits: 0 });
const day = new Intl.DateTimeFormat(locale, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

/** The text of a key with {name} filled in; an object value picks its plural form by params.n. */
export function t(key, params = {}) {
  let text = texts[key] ?? en[key] ?? key;
  if (typeof text === 'object') {
    text = text[plurals.select(params.n ?? 0)] ?? text.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Fills every [data-i18n] element of the page, and the document's language and title. */
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  document.title = t('app.title');
  root.querySelectorAll('[data-i18n]').forEach((element) => {
    element.textContent = t(element.dataset.i18n);
  });
}

export const money = (amount) => won.format(amount);

/** A concert date ("2026-12-24", the venue's calendar day) as the reader writes dates. */
export const formatDay = (date) => day.format(new Date(`${date}T00:00:00Z`));

export const formatMoment = (instant) => moment.format(new Date(instant));

/** Seconds left as m:ss. */
export function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function eta(seconds) {
  if (seconds == null) {
    return '';
  }
  if (seconds < 60) {
    return t('eta.underMinute');
  }
  const n = Math.round(seconds / 60);
  return t('eta.minutes', { n });
}

/** Words a person understands for an API error (see API.md's table of codes). */
export function errorText(error) {
  const code = error.code || 'UNKNOWN';
  const seconds = error.retryAfterSeconds ?? 2;
  if (code === 'QUEUE_NOT_ACTIVE') {
    const position = error.problem?.position;
    return position == null ? t('error.QUEUE_NOT_ACTIVE_NOPOS') : t('error.QUEUE_NOT_ACTIVE', { position });
  }
  const key = `error.${code}`;
  return key in en ? t(key, { seconds }) : t('error.UNKNOWN');
}
