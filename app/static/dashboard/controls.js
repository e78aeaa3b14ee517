// Connect the form's controls to the view: show the state, report what the user picks.

import { whole } from "./format.js";
import { offeredIntervals, WINDOW_DAYS, wallLabel } from "./intraday.js";
import { isIntraday, OVERLAY_KINDS, parseOverlay } from "./state.js";

const INTRADAY_RANGE =
  `Intraday bars: the last ${WINDOW_DAYS} days stored are loaded; scroll or drag the chart to zoom.`;
const INTRADAY_TIME = "Times are New York exchange time (ET), whatever your time zone.";
const INTRADAY_OVERLAYS = "Overlays are computed from daily bars: they are not drawn on intraday bars.";

function describeSymbol(record) {
  const parts = [`${whole(record.rows)} daily rows, ${record.first_date} to ${record.last_date}`];
  if (Number(record.sessions_missing) > 0) parts.push(`${whole(record.sessions_missing)} sessions missing`);
  for (const span of record.intraday || []) {
    parts.push(`${whole(span.bars)} ${span.interval} bars, ${wallLabel(span.first_ts)} to ${wallLabel(span.last_ts)}`);
  }
  return parts.join("; ");
}

// "15min" -> "15 min", the radio's visible name.
function intervalName(interval) {
  return interval.replace("min", " min");
}

function say(element, text) {
  element.textContent = text;
  element.hidden = !text;
}

export class Controls {
  constructor(form) {
    this.form = form;
    this.symbol = form.querySelector("#symbol");
    this.span = form.querySelector("#symbol-span");
    this.ranges = [...form.querySelectorAll("[data-range]")];
    this.frequencies = form.querySelector("#frequencies");
    this.overlaySet = form.querySelector("#overlays");
    this.hints = {
      range: form.querySelector("#range-hint"),
      freq: form.querySelector("#freq-hint"),
      overlays: form.querySelector("#overlays-hint"),
    };
    this.records = new Map();
    this.offered = "";
    form.addEventListener("submit", (event) => event.preventDefault());
  }

  // Fill the symbol picker from /api/symbols records.
  setSymbols(records) {
    this.records = new Map(records.map((record) => [record.symbol, record]));
    const options = records.map((record) => {
      const option = document.createElement("option");
      option.value = record.symbol;
      option.textContent = `${record.symbol} (${record.first_date} to ${record.last_date})`;
      return option;
    });
    if (!options.length) options.push(new Option("No symbols", ""));
    this.symbol.replaceChildren(...options);
    this.symbol.disabled = records.length === 0;
  }

  // Return the intraday intervals `symbol` offers (none when it has no intraday bars).
  intervalsOf(symbol) {
    return offeredIntervals(this.records.get(symbol));
  }

  record(symbol) {
    return this.records.get(symbol);
  }

  // Offer the daily, weekly and monthly radios, then one per intraday interval of the symbol.
  _offerIntervals(intervals) {
    if (intervals.join() === this.offered) return; // rebuilding would take the focus off a radio
    this.offered = intervals.join();
    for (const option of this.frequencies.querySelectorAll("[data-intraday]")) option.remove();
    for (const interval of intervals) {
      const option = document.createElement("span");
      option.className = "option";
      option.dataset.intraday = interval;
      const input = document.createElement("input");
      Object.assign(input, { type: "radio", id: `freq-${interval}`, name: "freq", value: interval });
      const label = document.createElement("label");
      label.htmlFor = input.id;
      label.textContent = intervalName(interval);
      option.append(input, label);
      this.frequencies.append(option);
    }
  }

  // Say which controls intraday bars leave without effect, and disable them.
  _intradayMode(intraday) {
    for (const button of this.ranges) button.disabled = intraday;
    this.overlaySet.disabled = intraday;
    say(this.hints.range, intraday ? INTRADAY_RANGE : "");
    say(this.hints.freq, intraday ? INTRADAY_TIME : "");
    say(this.hints.overlays, intraday ? INTRADAY_OVERLAYS : "");
  }

  // Make every control show `state`.
  reflect(state) {
    this.symbol.value = state.symbol;
    const record = this.records.get(state.symbol);
    this.span.textContent = record ? describeSymbol(record) : "";
    this._offerIntervals(this.intervalsOf(state.symbol));
    this._intradayMode(isIntraday(state.freq));
    for (const button of this.ranges) button.setAttribute("aria-pressed", String(button.dataset.range === state.range));
    this.form.querySelector(`input[name=freq][value="${state.freq}"]`).checked = true;
    this.form.querySelector(`input[name=style][value=${state.style}]`).checked = true;
    for (const kind of Object.keys(OVERLAY_KINDS)) {
      const active = state.overlays.find((overlay) => overlay.kind === kind);
      this.form.querySelector(`[data-overlay=${kind}]`).checked = Boolean(active);
      if (active) this._params(kind).forEach((input, i) => (input.value = active.params[i]));
    }
  }

  _params(kind) {
    return [...this.form.querySelectorAll(`[data-overlay-param=${kind}]`)];
  }

  // Return the overlays the form asks for, and the names of those whose parameters are malformed.
  overlays() {
    const chosen = [];
    const invalid = [];
    for (const [kind, { label }] of Object.entries(OVERLAY_KINDS)) {
      const inputs = this._params(kind);
      const overlay = parseOverlay([kind, ...inputs.map((input) => input.value.trim())].join(":"));
      for (const input of inputs) input.setAttribute("aria-invalid", String(!overlay));
      const checked = this.form.querySelector(`[data-overlay=${kind}]`).checked;
      if (overlay && checked) chosen.push(overlay);
      if (!overlay && checked) invalid.push(label);
    }
    return { chosen, invalid };
  }

  // Call the handlers with what the user picks: symbol, range, freq and style strings, overlays.
  bind({ onSymbol, onRange, onFreq, onStyle, onOverlays }) {
    this.symbol.addEventListener("change", () => onSymbol(this.symbol.value));
    for (const button of this.ranges) button.addEventListener("click", () => onRange(button.dataset.range));
    this.form.addEventListener("change", (event) => {
      const target = event.target;
      if (target.name === "freq") onFreq(target.value);
      else if (target.name === "style") onStyle(target.value);
      else if (target.matches("[data-overlay], [data-overlay-param]")) {
        const { chosen, invalid } = this.overlays();
        onOverlays(chosen, invalid);
      }
    });
  }
}
