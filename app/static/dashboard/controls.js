// Connect the form's controls to the view: show the state, report what the user picks.

import { whole } from "./format.js";
import { OVERLAY_KINDS, parseOverlay } from "./state.js";

function describeSymbol(record) {
  const parts = [`${whole(record.rows)} daily rows, ${record.first_date} to ${record.last_date}`];
  if (Number(record.sessions_missing) > 0) parts.push(`${whole(record.sessions_missing)} sessions missing`);
  return parts.join("; ");
}

export class Controls {
  constructor(form) {
    this.form = form;
    this.symbol = form.querySelector("#symbol");
    this.span = form.querySelector("#symbol-span");
    this.ranges = [...form.querySelectorAll("[data-range]")];
    this.records = new Map();
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

  // Make every control show `state`.
  reflect(state) {
    this.symbol.value = state.symbol;
    const record = this.records.get(state.symbol);
    this.span.textContent = record ? describeSymbol(record) : "";
    for (const button of this.ranges) button.setAttribute("aria-pressed", String(button.dataset.range === state.range));
    this.form.querySelector(`input[name=freq][value=${state.freq}]`).checked = true;
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
