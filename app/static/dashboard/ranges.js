// Turn a range button (1M ... All) into the first date it shows, counted back from the last bar.

const MONTHS_BACK = { "1M": 1, "3M": 3, "6M": 6, "1Y": 12, "5Y": 60 };

function parseIso(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return { year, month, day };
}

function pad(number, width) {
  return String(number).padStart(width, "0");
}

function daysInMonth(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate(); // day 0 of the next month
}

// Return the ISO date `months` calendar months before `iso`, clamped to the month's last day.
export function monthsBefore(iso, months) {
  const { year, month, day } = parseIso(iso);
  const index = year * 12 + (month - 1) - months;
  const newYear = Math.floor(index / 12);
  const newMonth = (index % 12) + 1;
  const newDay = Math.min(day, daysInMonth(newYear, newMonth));
  return `${pad(newYear, 4)}-${pad(newMonth, 2)}-${pad(newDay, 2)}`;
}

// Return the first date a range shows when the data ends on `lastIso`; null means everything.
export function rangeStart(range, lastIso) {
  if (range === "All") return null;
  if (range === "YTD") return `${lastIso.slice(0, 4)}-01-01`;
  // The day after "one month before": 1M ending 2013-03-01 starts 2013-02-02, not two Februaries.
  const back = monthsBefore(lastIso, MONTHS_BACK[range]);
  const next = new Date(Date.parse(back + "T00:00:00Z") + 86400000);
  return next.toISOString().slice(0, 10);
}

// Return the index of the first bar whose last trading day is on or after `iso` (bars sorted).
export function firstBarFrom(bars, iso) {
  let low = 0;
  let high = bars.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (bars[middle].last_date < iso) low = middle + 1;
    else high = middle;
  }
  return low;
}
