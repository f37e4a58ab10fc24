// The seat map: one button per seat, kept across refreshes (so keyboard focus stays where it was),
// coloured by status and named for screen readers. Seats that cannot be taken stay focusable
// (aria-disabled) and say why when pressed. The map is one tab stop: the arrow keys, Home and End
// move between seats (a roving tabindex).
import { money, t } from './i18n.js';

export const STATUSES = ['AVAILABLE', 'HELD', 'RESERVED', 'MINE'];

export function renderLegend(list) {
  list.replaceChildren(...STATUSES.map((status) => {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch seat-${status.toLowerCase()}`;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, t(`legend.${status}`));
    return item;
  }));
}

/** "Seats 1–10: ₩150,000" for each run of seats with one price; nothing when prices vary too much to list. */
export function renderPrices(list, seats) {
  const runs = [];
  for (const seat of seats) {
    const last = runs[runs.length - 1];
    if (last && last.price === seat.price && last.to === seat.seatNo - 1) {
      last.to = seat.seatNo;
    } else {
      runs.push({ from: seat.seatNo, to: seat.seatNo, price: seat.price });
    }
  }
  list.replaceChildren(...(runs.length > 8 ? [] : runs).map((run) => {
    const item = document.createElement('li');
    item.textContent = t('prices.range', { from: run.from, to: run.to, price: money(run.price) });
    return item;
  }));
}

const COLUMNS = 10;

/** A seat map in `container`; `onPick(seat, status)` when a seat is pressed. */
export function seatMap(container, onPick) {
  let buttons = [];
  let shown = new Map();
  let current = 0;

  function moveTo(index) {
    current = Math.max(0, Math.min(buttons.length - 1, index));
    buttons.forEach((button, i) => {
      button.tabIndex = i === current ? 0 : -1;
    });
    buttons[current]?.focus();
  }

  const steps = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
  container.addEventListener('keydown', (event) => {
    const index = buttons.indexOf(event.target);
    if (index < 0) {
      return;
    }
    if (event.key in steps) {
      moveTo(index + steps[event.key]);
    } else if (event.key === 'Home') {
      moveTo(0);
    } else if (event.key === 'End') {
      moveTo(buttons.length - 1);
    } else {
      return;
    }
    event.preventDefault();
  });
  container.addEventListener('focusin', (event) => {
    const index = buttons.indexOf(event.target);
    if (index >= 0) {
      current = index;
      buttons.forEach((button, i) => {
        button.tabIndex = i === current ? 0 : -1;
      });
    }
  });

  container.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-seat]');
    if (button) {
      const seatNo = Number(button.dataset.seat);
      onPick(shown.get(seatNo), button.dataset.status);
    }
  });

  function build(count) {
    current = 0;
    buttons = Array.from({ length: count }, (_, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'seat';
      button.tabIndex = i === 0 ? 0 : -1;
      return button;
    });
    container.replaceChildren(...buttons);
  }

  /** Shows `seats` (API order, 1..50); `mine` is the set of seat numbers this user holds on that date. */
  function render(seats, mine) {
    if (buttons.length !== seats.length) {
      build(seats.length);
    }
    shown = new Map(seats.map((seat) => [seat.seatNo, seat]));
    seats.forEach((seat, i) => {
      const status = mine.has(seat.seatNo) ? 'MINE' : seat.status;
      const button = buttons[i];
      button.dataset.seat = seat.seatNo;
      button.dataset.status = status;
      button.className = `seat seat-${status.toLowerCase()}`;
      button.textContent = seat.seatNo;
      button.setAttribute('aria-label',
        t('seat.label', { seat: seat.seatNo, price: money(seat.price), status: t(`seat.${status}`) }));
      button.title = `${money(seat.price)} · ${t(`legend.${status}`)}`;
      if (status === 'AVAILABLE' || status === 'MINE') {
        button.removeAttribute('aria-disabled');
      } else {
        button.setAttribute('aria-disabled', 'true');
      }
      button.setAttribute('aria-pressed', String(status === 'MINE'));
    });
  }

  function clear() {
    buttons = [];
    shown = new Map();
    container.replaceChildren();
  }

  return { render, clear };
}
