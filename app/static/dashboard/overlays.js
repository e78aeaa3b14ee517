// Fetch indicator overlays and turn their rows into chart lines.

import { getAllPages } from "./api.js";
import { OVERLAY_KINDS, overlaySpec } from "./state.js";

// Colours pass 3:1 against the white chart background (WCAG non-text contrast).
const COLOURS = { sma: "#b35900", ema: "#6f42c1", bollinger: "#0b6e99" };
const BANDS = ["upper", "middle", "lower"];

// The row key the API names an indicator by: the spec with "_" for ":" (sma:50 -> sma_50).
export function rowKey(overlay) {
  return overlaySpec(overlay).replaceAll(":", "_");
}

export function overlayLabel(overlay) {
  return `${OVERLAY_KINDS[overlay.kind].label} ${overlay.params.join(", ")}`;
}

function lineNames(overlay) {
  return overlay.kind === "bollinger" ? BANDS : ["value"];
}

function valueOf(cell, name) {
  if (cell === null || cell === undefined) return null;
  return typeof cell === "object" ? (cell[name] ?? null) : cell;
}

// Return {name: [{time, value}]} for one overlay; warm-up rows (null) are left out.
export function linesOf(rows, overlay) {
  const key = rowKey(overlay);
  const lines = {};
  for (const name of lineNames(overlay)) {
    lines[name] = [];
    for (const row of rows) {
      const value = valueOf(row[key], name);
      if (value !== null) lines[name].push({ time: row.date, value: Number(value) });
    }
  }
  return lines;
}

// Return the line options for each of an overlay's lines.
export function lineStyles(overlay) {
  const color = COLOURS[overlay.kind];
  return Object.fromEntries(
    lineNames(overlay).map((name) => [
      name,
      {
        color,
        lineWidth: name === "middle" || name === "value" ? 2 : 1,
        lineStyle: name === "middle" ? 2 : 0, // the Bollinger middle line dashed
        priceLineVisible: false,
        lastValueVisible: false,
        crosshairMarkerVisible: false,
        title: "",
      },
    ]),
  );
}

// Fetch the overlays for a symbol and frequency in one request; return [{overlay, lines}].
export async function fetchOverlays(symbol, freq, overlays, { signal } = {}) {
  if (!overlays.length) return [];
  const params = { symbol, frequency: freq, indicators: overlays.map(overlaySpec).join(",") };
  const rows = await getAllPages("/indicators", params, { signal });
  return overlays.map((overlay) => ({ overlay, lines: linesOf(rows, overlay) }));
}
