// Run the dashboard: read the URL, load symbols, bars and overlays, and redraw on every pick.

import { getAllPages, isAbort } from "./api.js";
import { Controls } from "./controls.js";
import { fetchIntraday } from "./intraday.js";
import { fetchOverlays } from "./overlays.js";
import { isIntraday, overlaySpec, readState, writeState } from "./state.js";
import { StatsCard } from "./stats.js";
import { Status } from "./status.js";
import { View } from "./view.js";

const STATS_DELAY_MS = 250; // wait for panning to settle before asking for statistics
const NO_SYMBOLS = "No symbols are stored yet. Load some with `make load-data` or get_raw_data.py.";
const NO_STATS =
  "Statistics are computed from daily bars: pick Daily, Weekly or Monthly to see those of the visible range.";

class Dashboard {
  constructor(root) {
    this.state = readState(window.location.search);
    this.status = new Status(root);
    this.controls = new Controls(root.querySelector("#controls"));
    this.stats = new StatsCard(root.querySelector("#stats"));
    this.view = new View(root.querySelector("#chart"), root.querySelector("#legend"));
    this.generation = 0;
    this.controller = null;
    this.loading = false;
    this.statsTimer = 0;
    this.view.onVisibleChange(() => this._statsSoon());
    this.controls.bind({
      onSymbol: (symbol) => this._change({ symbol }),
      onFreq: (freq) => this._change({ freq }),
      onRange: (range) => this._pickRange(range),
      onStyle: (style) => this._pickStyle(style),
      onOverlays: (overlays, invalid) => this._pickOverlays(overlays, invalid),
    });
  }

  async start() {
    // Ask for the bars the address names while the symbol list loads: one round trip less. Intraday
    // bars wait for the list, which says which of them are stored.
    const early = this.state.symbol && !isIntraday(this.state.freq) ? this._fetchView() : undefined;
    let symbols;
    try {
      symbols = await getAllPages("/symbols", {}, { limit: 1000 });
    } catch (error) {
      this.controller?.abort();
      this.controls.setSymbols([]);
      return this._fail(`Could not load the symbol list. ${error.message}`, "error");
    }
    this.controls.setSymbols(symbols);
    if (!symbols.length) return this._fail(NO_SYMBOLS, "empty");
    if (!symbols.some((record) => record.symbol === this.state.symbol)) {
      if (this.state.symbol) this.status.notice(`${this.state.symbol} is not in the store; showing ${symbols[0].symbol}.`);
      return this._change({ symbol: symbols[0].symbol }, false);
    }
    const fallback = this._freqFallback();
    if (fallback) return this._change({}, false);
    this._remember();
    await this._loadView(early);
  }

  _remember() {
    this.controls.reflect(this.state);
    writeState(this.state);
  }

  async _change(patch, clearNotice = true) {
    Object.assign(this.state, patch);
    if (clearNotice) this.status.notice("");
    this._freqFallback();
    this._remember();
    await this._loadView();
  }

  // An intraday interval the symbol cannot show falls back to daily bars, with a notice.
  _freqFallback() {
    const { symbol, freq } = this.state;
    if (!isIntraday(freq) || this.controls.intervalsOf(symbol).includes(freq)) return "";
    this.state.freq = "daily";
    const message = `${symbol} has no intraday bars that make ${freq} bars; showing daily bars.`;
    this.status.notice(message);
    return message;
  }

  // Start fetching the state's bars and overlays; a newer fetch aborts this one.
  _fetchView() {
    this.controller?.abort();
    this.controller = new AbortController();
    const { symbol, freq, overlays } = this.state;
    const signal = this.controller.signal;
    if (isIntraday(freq)) {
      const bars = fetchIntraday(symbol, freq, this.controls.record(symbol), { signal });
      bars.catch(() => {});
      return { token: ++this.generation, symbol, freq, bars, overlaysLoad: Promise.resolve([]) };
    }
    const bars = getAllPages("/time_series", { symbol, frequency: freq }, { signal }).then((rows) => ({ bars: rows }));
    bars.catch(() => {}); // handled where it is awaited, or abandoned after an abort
    const overlaysLoad = fetchOverlays(symbol, freq, overlays, { signal }).catch((error) => error);
    return { token: ++this.generation, symbol, freq, bars, overlaysLoad };
  }

  async _loadView(fetched = this._fetchView()) {
    const { token, symbol, freq } = fetched;
    const intraday = isIntraday(freq);
    this.status.busy(`Loading ${freq} bars of ${symbol}…`);
    this.loading = true;
    let bars, dropped;
    try {
      ({ bars, dropped } = await fetched.bars);
    } catch (error) {
      if (token !== this.generation || isAbort(error)) return;
      this.loading = false;
      const what = intraday ? `the ${freq} bars` : "the prices";
      return this._fail(`Could not load ${what} of ${symbol}. ${error.message}`, "error");
    }
    const loaded = await fetched.overlaysLoad;
    if (token !== this.generation) return;
    this.loading = false;
    if (!bars.length) return this._fail(`No ${freq} bars are stored for ${symbol}.`, "empty");
    performance.mark("dashboard:view-data");
    this.view.show(symbol, bars, this.state.style, intraday);
    if (intraday) this.stats.unavailable(NO_STATS);
    if (dropped) this.status.notice(`${dropped} ${freq} bars repeat an earlier exchange time and are not drawn.`);
    this._addOverlays(loaded);
    this.view.showRange(this.state.range);
    this.status.ready(this.view.describe(this.state), "view");
    if (!intraday && !(loaded instanceof Error)) this._syncOverlays(); // picked while the bars were loading
  }

  _addOverlays(loaded) {
    if (isAbort(loaded)) return;
    if (loaded instanceof Error) return this.status.notice(`Overlays unavailable. ${loaded.message}`);
    this.view.addOverlays(loaded);
  }

  // Make the drawn overlays match the state's: remove the unwanted, fetch and draw the missing.
  async _syncOverlays() {
    if (isIntraday(this.state.freq)) return; // overlays are daily series
    const wanted = new Set(this.state.overlays.map(overlaySpec));
    const unwanted = this.view.drawnOverlays().filter((drawn) => !wanted.has(overlaySpec(drawn)));
    if (unwanted.length) this.view.removeOverlays(unwanted);
    const drawn = new Set(this.view.drawnOverlays().map(overlaySpec));
    const missing = this.state.overlays.filter((overlay) => !drawn.has(overlaySpec(overlay)));
    if (!missing.length) {
      if (unwanted.length) this.status.ready(this.view.describe(this.state), "overlays");
      return;
    }
    const token = this.generation;
    const { symbol, freq } = this.state;
    const loaded = await fetchOverlays(symbol, freq, missing, { signal: this.controller.signal }).catch((e) => e);
    if (token !== this.generation) return;
    this._addOverlays(loaded);
    this.status.ready(this.view.describe(this.state), "overlays");
  }

  _pickRange(range) {
    performance.mark("dashboard:range-start");
    this.state.range = range;
    this._remember();
    if (!this.view.bars.length || isIntraday(this.state.freq)) return;
    this.view.showRange(range);
    this.status.ready(this.view.describe(this.state), "range");
  }

  _pickStyle(style) {
    this.state.style = style;
    writeState(this.state);
    if (!this.view.bars.length) return;
    this.view.setStyle(style);
    this.status.ready(this.view.describe(this.state), "style");
  }

  _pickOverlays(overlays, invalid) {
    this.state.overlays = overlays;
    const bad = invalid.length ? `${invalid.join(" and ")}: periods run from 2 to 500, widths from 0.5 to 5.` : "";
    this.status.notice(bad);
    writeState(this.state);
    if (this.view.bars.length && !this.loading) this._syncOverlays();
  }

  _statsSoon() {
    window.clearTimeout(this.statsTimer);
    if (isIntraday(this.state.freq)) return; // /api/statistics reads daily bars
    this.stats.pending();
    this.statsTimer = window.setTimeout(() => {
      if (isIntraday(this.state.freq)) return;
      const visible = this.view.visibleBars();
      if (visible) this.stats.load(this.state.symbol, visible.first.first_date, visible.last.last_date);
    }, STATS_DELAY_MS);
  }

  // Show nothing but `message`: the chart is cleared rather than left showing other data.
  _fail(message, state) {
    this.view.show(this.state.symbol, [], this.state.style);
    this.stats.clear("");
    if (state === "empty") this.status.empty(message);
    else this.status.error(message);
  }
}

function boot() {
  const root = document.getElementById("dashboard");
  if (!window.LightweightCharts) {
    new Status(root).error("The chart library did not load: check that /static/vendor/ is served.");
    return;
  }
  new Dashboard(root).start();
}

boot();
