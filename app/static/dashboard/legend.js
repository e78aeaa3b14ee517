// Show the bar under the crosshair (or the last bar): its date (or exchange time), OHLCV and the overlays' values.

import { barPeriod, fillPairs, price, whole } from "./format.js";
import { overlayLabel, rowKey } from "./overlays.js";

export class Legend {
  constructor(element) {
    this.element = element;
    this.title = element.querySelector("[data-legend=title]");
    this.values = element.querySelector("[data-legend=values]");
    this.symbol = "";
    this.bars = new Map(); // time -> bar
    this.last = null;
    this.overlayValues = new Map(); // spec key -> Map(time -> value or {upper, middle, lower})
  }

  setBars(symbol, bars) {
    this.symbol = symbol;
    this.bars = new Map(bars.map((bar) => [bar.period_start, bar]));
    this.last = bars.at(-1) ?? null;
    this.overlayValues.clear();
    this.show(undefined);
  }

  setOverlay(overlay, lines) {
    const byTime = new Map();
    for (const [name, points] of Object.entries(lines)) {
      for (const point of points) {
        const entry = byTime.get(point.time) ?? {};
        entry[name] = point.value;
        byTime.set(point.time, entry);
      }
    }
    this.overlayValues.set(rowKey(overlay), { overlay, byTime });
  }

  removeOverlay(overlay) {
    this.overlayValues.delete(rowKey(overlay));
  }

  _overlayPairs(time) {
    return [...this.overlayValues.values()].map(({ overlay, byTime }) => {
      const entry = byTime.get(time);
      if (!entry) return [overlayLabel(overlay), "–"];
      const shown = "value" in entry ? price(entry.value) : [entry.upper, entry.middle, entry.lower].map(price).join(" / ");
      return [overlayLabel(overlay), shown];
    });
  }

  // Show the bar at `time`, or the last bar when the crosshair is off the chart.
  show(time) {
    const bar = (time !== undefined && this.bars.get(time)) || this.last;
    this.element.dataset.time = bar ? (bar.ts ?? bar.period_start) : "";
    if (!bar) {
      this.title.textContent = this.symbol;
      this.values.replaceChildren();
      return;
    }
    this.title.textContent = `${this.symbol} ${bar.label ?? barPeriod(bar)}`;
    fillPairs(this.values, [
      ["O", price(bar.open)],
      ["H", price(bar.high)],
      ["L", price(bar.low)],
      ["C", price(bar.close)],
      ["V", whole(bar.volume)],
      ...this._overlayPairs(bar.period_start),
    ]);
  }
}
