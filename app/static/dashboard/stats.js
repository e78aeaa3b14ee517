// Fill the card with the statistics of the visible range (/api/statistics with metrics).

import { getJson, isAbort } from "./api.js";
import { change, percent, price, whole } from "./format.js";

const METRICS = ["trading_days", "total_return", "volatility", "max_drawdown", "min_close", "max_close", "vwap_close"];

// [label, key, format] in the order the card shows them.
const ROWS = [
  ["Trading days", "trading_days", whole],
  ["Return", "total_return", change],
  ["Volatility (annualised)", "volatility", percent],
  ["Max drawdown", "max_drawdown", change],
  ["Lowest close", "min_close", price],
  ["Highest close", "max_close", price],
  ["Average close", "average_daily_close_price", price],
  ["VWAP (close)", "vwap_close", price],
  ["Average volume", "average_daily_volume", whole],
];

export class StatsCard {
  constructor(element) {
    this.element = element; // data-state: pending, ready or error, for CSS and the browser tests
    this.period = element.querySelector("[data-stats=period]");
    this.list = element.querySelector("[data-stats=list]");
    this.message = element.querySelector("[data-stats=message]");
    this.controller = null;
  }

  // The visible range changed: the figures shown are about to be replaced.
  pending() {
    this.element.dataset.state = "pending";
  }

  _say(text) {
    this.message.textContent = text;
    this.message.hidden = !text;
  }

  clear(text) {
    this.controller?.abort();
    this.period.textContent = "";
    this.list.replaceChildren();
    this._say(text);
    this.element.dataset.state = text ? "error" : "";
  }

  // The card has nothing to say about this view (intraday bars): say why instead of figures.
  unavailable(text) {
    this.clear(text);
    this.element.dataset.state = "off";
  }

  _render(data) {
    this.period.textContent = `${data.symbol}, ${data.start_date} to ${data.end_date}`;
    const cells = ROWS.map(([label, key, format]) => {
      const group = document.createElement("div"); // a <div> may group a <dt> with its <dd>
      const term = document.createElement("dt");
      term.textContent = label;
      const value = document.createElement("dd");
      value.textContent = format(data[key]);
      value.dataset.metric = key;
      group.append(term, value);
      return group;
    });
    this.list.replaceChildren(...cells);
  }

  // Load and show the statistics of `symbol` from `start` to `end` (ISO dates, inclusive).
  async load(symbol, start, end) {
    this.controller?.abort();
    this.controller = new AbortController();
    const params = { symbol, start_date: start, end_date: end, metrics: METRICS.join(",") };
    try {
      const body = await getJson("/statistics", params, { signal: this.controller.signal });
      this._say("");
      this._render(body.data);
      this.element.dataset.state = "ready";
    } catch (error) {
      if (isAbort(error)) return;
      this.clear(`Statistics unavailable: ${error.message}`);
    }
  }
}
