// Keep the view in the URL: parse it on load, write it back after every change.

export const RANGES = ["1M", "3M", "6M", "YTD", "1Y", "5Y", "All"];
export const FREQUENCIES = ["daily", "weekly", "monthly"];
// Intraday bar lengths /api/intraday knows; a symbol offers those its stored bars can build.
export const INTERVALS = ["1min", "5min", "15min", "30min", "60min"];
export const STYLES = ["candles", "line"];
export const DEFAULTS = Object.freeze({ symbol: "", range: "1Y", freq: "daily", style: "candles", overlays: [] });

const SYMBOL = /^[A-Za-z0-9.-]{1,10}$/;
const WHOLE = /^[0-9]{1,3}$/;
const DECIMAL = /^[0-9](\.[0-9]{1,4})?$/;

// One overlay per kind; `params` are the strings the API is asked with (validated here).
export const OVERLAY_KINDS = {
  sma: { label: "SMA", params: ["50"] },
  ema: { label: "EMA", params: ["20"] },
  bollinger: { label: "Bollinger", params: ["20", "2"] },
};

function validPeriod(text) {
  return WHOLE.test(text) && Number(text) >= 2 && Number(text) <= 500;
}

function validWidth(text) {
  return DECIMAL.test(text) && Number(text) >= 0.5 && Number(text) <= 5;
}

// Return {kind, params} for "sma:50", "ema:20" or "bollinger:20:2", or null when malformed.
// Parameters are canonical as the API names its keys: "050" is "50", "2.0" is "2".
export function parseOverlay(text) {
  const [kind, ...params] = text.trim().toLowerCase().split(":");
  if (!(kind in OVERLAY_KINDS) || params.length !== OVERLAY_KINDS[kind].params.length) return null;
  if (!validPeriod(params[0])) return null;
  if (kind === "bollinger" && !validWidth(params[1])) return null;
  return { kind, params: params.map((param) => String(Number(param))) };
}

export function isIntraday(freq) {
  return INTERVALS.includes(freq);
}

export function overlaySpec(overlay) {
  return [overlay.kind, ...overlay.params].join(":");
}

function parseOverlays(text) {
  const seen = new Set();
  const overlays = [];
  for (const part of (text || "").split(",")) {
    const overlay = part ? parseOverlay(part) : null;
    if (overlay && !seen.has(overlay.kind)) {
      seen.add(overlay.kind);
      overlays.push(overlay);
    }
  }
  return overlays;
}

function pick(value, allowed, fallback) {
  const found = allowed.find((item) => item.toLowerCase() === (value || "").toLowerCase());
  return found ?? fallback;
}

// Return the view named by a query string; anything unknown falls back to the default.
export function readState(search) {
  const query = new URLSearchParams(search);
  const symbol = query.get("symbol") || "";
  return {
    symbol: SYMBOL.test(symbol) ? symbol.toUpperCase() : "",
    range: pick(query.get("range"), RANGES, DEFAULTS.range),
    freq: pick(query.get("freq"), [...FREQUENCIES, ...INTERVALS], DEFAULTS.freq),
    style: pick(query.get("style"), STYLES, DEFAULTS.style),
    overlays: parseOverlays(query.get("overlays")),
  };
}

export function queryString(state) {
  const query = new URLSearchParams({ symbol: state.symbol, range: state.range, freq: state.freq });
  if (state.style !== DEFAULTS.style) query.set("style", state.style);
  if (state.overlays.length) query.set("overlays", state.overlays.map(overlaySpec).join(","));
  return "?" + query.toString().replaceAll("%3A", ":").replaceAll("%2C", ",");
}

// Replace the address bar's query with the view, without a reload or a history entry.
export function writeState(state) {
  const search = queryString(state);
  if (search !== window.location.search) window.history.replaceState(null, "", search);
}
