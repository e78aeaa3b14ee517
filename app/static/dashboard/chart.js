// Draw prices, volume and overlays with lightweight-charts (vendored: window.LightweightCharts).

import { crosshairLabel, tickLabel } from "./intraday.js";
import { lineStyles } from "./overlays.js";
import { overlaySpec } from "./state.js";

const UP = "#0a7d55";
const DOWN = "#c4302b";
const TEXT = "#1f2328";
const GRID = "#eaeef2";

const LWC = () => window.LightweightCharts;

function chartOptions() {
  return {
    autoSize: true, // follows the container (ResizeObserver), down to 375 px wide
    layout: {
      attributionLogo: false, // it injects a <style>; the page footer carries the attribution instead
      background: { type: "solid", color: "#ffffff" },
      textColor: TEXT,
      fontSize: 12,
      panes: { separatorColor: "#d0d7de" },
    },
    grid: { vertLines: { color: GRID }, horzLines: { color: GRID } },
    // Daily times are ISO dates, shown as they are; intraday ones are exchange wall times (intraday.js).
    localization: { timeFormatter: crosshairLabel },
    rightPriceScale: { borderColor: "#d0d7de" },
    // Bars sit side by side whatever the calendar gap: no weekend, holiday or overnight holes.
    timeScale: {
      borderColor: "#d0d7de",
      minBarSpacing: 0.01,
      fixLeftEdge: true,
      fixRightEdge: true,
      tickMarkFormatter: tickLabel,
    },
    crosshair: { mode: 0 }, // normal: the legend follows the pointer, not the nearest close
  };
}

function priceData(bars, style) {
  if (style === "line") return bars.map((bar) => ({ time: bar.period_start, value: bar.close }));
  return bars.map((bar) => ({
    time: bar.period_start,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
  }));
}

function volumeData(bars) {
  return bars.map((bar) => ({
    time: bar.period_start,
    value: bar.volume,
    color: bar.close >= bar.open ? "rgba(10, 125, 85, 0.55)" : "rgba(196, 48, 43, 0.55)",
  }));
}

export class PriceChart {
  constructor(container) {
    this.chart = LWC().createChart(container, chartOptions());
    this.bars = [];
    this.price = null;
    this.style = null;
    this.intraday = false;
    this.overlays = new Map(); // spec -> {overlay, series: [line series]}
    this.volume = this.chart.addSeries(
      LWC().HistogramSeries,
      { priceFormat: { type: "volume" }, priceLineVisible: false, lastValueVisible: false },
      1,
    );
    const [pricePane, volumePane] = this.chart.panes();
    pricePane.setStretchFactor(3);
    volumePane.setStretchFactor(1);
  }

  _priceSeries(style) {
    if (this.style === style) return;
    const api = LWC();
    const old = this.price;
    // Add before removing: a pane left without series is deleted, and the volume pane would move up.
    this.price =
      style === "line"
        ? this.chart.addSeries(api.LineSeries, { color: "#0b5cad", lineWidth: 2, priceLineVisible: false }, 0)
        : this.chart.addSeries(
            api.CandlestickSeries,
            { upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN },
            0,
          );
    if (old) this.chart.removeSeries(old);
    this.style = style;
  }

  // Show `bars` (from /api/time_series, or intraday.js's) as candles or a line, with their volume.
  setBars(bars, style, intraday = false) {
    if (intraday !== this.intraday) {
      // Dates and timestamps never share the time scale, even between two setData calls.
      this.price?.setData([]);
      this.volume.setData([]);
      this.chart.applyOptions({ timeScale: { timeVisible: intraday } });
      this.intraday = intraday;
    }
    this.bars = bars;
    this._priceSeries(style);
    this.price.setData(priceData(bars, style));
    this.volume.setData(volumeData(bars));
  }

  setStyle(style) {
    const range = this.chart.timeScale().getVisibleLogicalRange();
    this._priceSeries(style);
    this.price.setData(priceData(this.bars, style));
    if (range) this.chart.timeScale().setVisibleLogicalRange(range);
  }

  // Draw an overlay's lines ({name: [{time, value}]}), replacing any earlier one of the same spec.
  setOverlay(overlay, lines) {
    this.removeOverlay(overlay);
    const styles = lineStyles(overlay);
    const series = Object.entries(lines).map(([name, points]) => {
      const line = this.chart.addSeries(LWC().LineSeries, styles[name], 0);
      line.setData(points);
      return line;
    });
    this.overlays.set(overlaySpec(overlay), { overlay, series });
  }

  drawnOverlays() {
    return [...this.overlays.values()].map((drawn) => drawn.overlay);
  }

  removeOverlay(overlay) {
    const spec = overlaySpec(overlay);
    for (const series of this.overlays.get(spec)?.series || []) this.chart.removeSeries(series);
    this.overlays.delete(spec);
  }

  clearOverlays() {
    for (const drawn of this.overlays.values()) drawn.series.forEach((series) => this.chart.removeSeries(series));
    this.overlays.clear();
  }

  // Show the bars from index `first` to the last one.
  showFrom(first) {
    this.chart.timeScale().setVisibleLogicalRange({ from: first, to: this.bars.length - 1 });
  }

  // Return the first and last bar on screen, or null when there are none.
  visibleBars() {
    const range = this.chart.timeScale().getVisibleLogicalRange();
    if (!range || !this.bars.length) return null;
    const first = Math.max(0, Math.ceil(range.from));
    const last = Math.min(this.bars.length - 1, Math.floor(range.to));
    return first <= last ? { first: this.bars[first], last: this.bars[last] } : null;
  }

  onVisibleChange(handler) {
    this.chart.timeScale().subscribeVisibleLogicalRangeChange(handler);
  }

  // Call `handler(time | undefined)` as the crosshair moves over the chart or leaves it.
  onCrosshair(handler) {
    this.chart.subscribeCrosshairMove((param) => handler(param.point ? param.time : undefined));
  }
}
