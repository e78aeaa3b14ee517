// Keep the chart and its legend showing the same bars, overlays and range.

import { PriceChart } from "./chart.js";
import { Legend } from "./legend.js";
import { firstBarFrom, rangeStart } from "./ranges.js";

export class View {
  constructor(chartElement, legendElement) {
    this.chart = new PriceChart(chartElement);
    this.legend = new Legend(legendElement);
    this.chart.onCrosshair((time) => this.legend.show(time));
  }

  get bars() {
    return this.chart.bars;
  }

  // Show `bars` of `symbol` as candles or a line, without overlays; intraday bars carry exchange times.
  show(symbol, bars, style, intraday = false) {
    this.chart.clearOverlays();
    this.chart.setBars(bars, style, intraday);
    this.legend.setBars(symbol, bars);
  }

  setStyle(style) {
    this.chart.setStyle(style);
  }

  // Draw fetched overlays ([{overlay, lines}]).
  addOverlays(loaded) {
    for (const { overlay, lines } of loaded) {
      this.chart.setOverlay(overlay, lines);
      this.legend.setOverlay(overlay, lines);
    }
    this.legend.show(undefined);
  }

  removeOverlays(overlays) {
    for (const overlay of overlays) {
      this.chart.removeOverlay(overlay);
      this.legend.removeOverlay(overlay);
    }
    this.legend.show(undefined);
  }

  drawnOverlays() {
    return this.chart.drawnOverlays();
  }

  // Show the bars a range button names, counted back from the last bar (intraday: every bar loaded).
  showRange(range) {
    const bars = this.chart.bars;
    if (this.chart.intraday) return this.chart.showFrom(0);
    const start = rangeStart(range, bars.at(-1).last_date);
    this.chart.showFrom(start === null ? 0 : Math.min(firstBarFrom(bars, start), bars.length - 1));
  }

  visibleBars() {
    return this.chart.visibleBars();
  }

  onVisibleChange(handler) {
    this.chart.onVisibleChange(handler);
  }

  // Describe the chart in words, for its accessible name.
  describe(state) {
    const visible = this.visibleBars();
    const from = (bar) => bar.label ?? bar.first_date;
    const span = visible ? ` from ${from(visible.first)} to ${visible.last.label ?? visible.last.last_date}` : "";
    const kind = state.style === "line" ? "line" : "candlestick";
    return `${state.freq} ${kind} chart of ${state.symbol}${span}, with volume`;
  }
}
