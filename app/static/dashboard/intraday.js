// Intraday bars: which intervals a symbol offers, the window loaded, and exchange (New York) time.
//
// lightweight-charts knows only UTC. Each bar is placed at its exchange wall time read as if it
// were UTC ("2024-03-08T15:45:00-05:00" at 2024-03-08 15:45 UTC), so the axis, the crosshair and
// the legend show New York time whatever the browser's zone, on both sides of a DST change. The
// wall time comes from the API's text, never from the browser's clock.

import { getAllPages } from "./api.js";
import { INTERVALS } from "./state.js";

export const WINDOW_DAYS = 7; // calendar days up to the last stored bar: the last five sessions or so
export const ZONE = "ET"; // what the labels call exchange time (US/Eastern, America/New_York)
const PAGE = 1000; // the largest page /api/intraday gives
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WALL = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})/;

const minutes = (interval) => Number(interval.slice(0, -3));
const pad = (number) => String(number).padStart(2, "0");

// The stored spans ({interval, first_ts, last_ts, bars}) from which `interval` can be built.
function sourcesOf(record, interval) {
  return (record?.intraday || []).filter((span) => minutes(interval) % minutes(span.interval) === 0);
}

// Return the intervals a /api/symbols record can show: each stored one and its multiples.
export function offeredIntervals(record) {
  return INTERVALS.filter((interval) => sourcesOf(record, interval).length > 0);
}

function instant(ts) {
  return Date.parse(ts); // the text carries its offset: an exact instant
}

// Return {first, last} stored bar times (Eastern ISO) from which `interval` is built, or null.
export function storedSpan(record, interval) {
  const spans = sourcesOf(record, interval);
  if (!spans.length) return null;
  const first = spans.reduce((a, b) => (instant(b.first_ts) < instant(a.first_ts) ? b : a)).first_ts;
  const last = spans.reduce((a, b) => (instant(b.last_ts) > instant(a.last_ts) ? b : a)).last_ts;
  return { first, last };
}

// Return the first exchange day loaded: WINDOW_DAYS calendar days ending on the last bar's day.
export function windowStart(span) {
  const lastDay = Date.parse(span.last.slice(0, 10) + "T00:00:00Z");
  const start = new Date(lastDay - (WINDOW_DAYS - 1) * 86400000).toISOString().slice(0, 10);
  return start > span.first.slice(0, 10) ? start : span.first.slice(0, 10);
}

// Return the chart time of an exchange timestamp: its wall time, read as UTC seconds.
export function chartTime(ts) {
  const [, year, month, day, hour, minute, second] = WALL.exec(ts).map(Number);
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
}

// "2024-03-08 15:45 ET": the exchange's date and time of a timestamp, as written by the API.
export function wallLabel(ts) {
  return `${ts.slice(0, 10)} ${ts.slice(11, 16)} ${ZONE}`;
}

// Turn /api/intraday rows into chart bars; a wall time met twice (it cannot be, stored bars keep
// the first of an autumn's repeated hour) would break the chart's order, so only the first is kept.
export function toBars(rows) {
  const bars = [];
  let dropped = 0;
  for (const row of rows) {
    const time = chartTime(row.ts);
    if (bars.length && time <= bars.at(-1).period_start) {
      dropped += 1;
      continue;
    }
    const day = row.ts.slice(0, 10);
    bars.push({
      period_start: time,
      ts: row.ts,
      label: wallLabel(row.ts),
      first_date: day,
      last_date: day,
      open: Number(row.open),
      high: Number(row.high),
      low: Number(row.low),
      close: Number(row.close),
      volume: Number(row.volume),
    });
  }
  return { bars, dropped };
}

// Fetch the window's bars of `symbol` at `interval`; return {bars, dropped, start}.
export async function fetchIntraday(symbol, interval, record, { signal } = {}) {
  const span = storedSpan(record, interval);
  if (!span) return { bars: [], dropped: 0, start: null };
  const start = windowStart(span);
  const rows = await getAllPages("/intraday", { symbol, interval, start }, { signal, limit: PAGE });
  return { ...toBars(rows), start };
}

function utc(time) {
  return new Date(time * 1000);
}

// Label a tick of the time axis (lightweight-charts' TickMarkType 0-4); null: the library's own.
export function tickLabel(time, type) {
  if (typeof time !== "number") return null; // daily, weekly, monthly: business days
  const at = utc(time);
  const clock = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
  switch (type) {
    case 0:
      return String(at.getUTCFullYear());
    case 1:
      return MONTHS[at.getUTCMonth()];
    case 2:
      return `${MONTHS[at.getUTCMonth()]} ${at.getUTCDate()}`;
    case 4:
      return `${clock}:${pad(at.getUTCSeconds())}`;
    default:
      return clock;
  }
}

// Label the crosshair's time: the ISO date of a daily bar, the exchange date and time of an intraday one.
export function crosshairLabel(time) {
  if (typeof time !== "number") return String(time);
  const at = utc(time);
  const day = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  return `${day} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} ${ZONE}`;
}
