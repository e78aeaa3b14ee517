// Say what the page is doing: loading, drawn, empty or failed, in words on the page.
//
// `data-state` on the root says the same to CSS and to the browser tests; `data-draws` counts
// finished redraws, and each redraw leaves a performance mark ("dashboard:<what>-drawn").

export class Status {
  constructor(root) {
    this.root = root;
    this.chart = root.querySelector("#chart");
    this.message = root.querySelector("#chart-message");
    this.noticeLine = root.querySelector("#notice");
  }

  _state(name, text) {
    this.root.dataset.state = name;
    this.message.textContent = text;
    this.message.hidden = !text;
    this.message.classList.toggle("is-error", name === "error");
  }

  busy(text) {
    this._state("loading", text);
  }

  empty(text) {
    this._state("empty", text);
    this.chart.setAttribute("aria-label", `Price chart: ${text}`);
  }

  error(text) {
    this._state("error", text);
    this.chart.setAttribute("aria-label", `Price chart: ${text}`);
  }

  // A problem that leaves the chart usable (an overlay failed, an unknown symbol was replaced).
  notice(text) {
    this.noticeLine.textContent = text;
    this.noticeLine.hidden = !text;
  }

  // The chart shows `description`; count the redraw once the browser has painted it.
  ready(description, what) {
    this._state("ready", "");
    this.chart.setAttribute("aria-label", description);
    // Two frames: the chart paints in the next animation frame, the second follows its paint.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        performance.mark(`dashboard:${what}-drawn`);
        if (what === "range") performance.measure("dashboard:range", "dashboard:range-start", "dashboard:range-drawn");
        this.root.dataset.draws = String(Number(this.root.dataset.draws) + 1);
      }),
    );
  }
}
