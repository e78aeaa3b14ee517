// Format numbers and dates for people; "–" stands for a value that does not exist.

export const NONE = "–";

const PRICE = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const PERCENT = { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 };
const CHANGE = new Intl.NumberFormat("en-US", { ...PERCENT, signDisplay: "exceptZero" });
const SHARE = new Intl.NumberFormat("en-US", PERCENT);

function missing(value) {
  return value === null || value === undefined || Number.isNaN(Number(value));
}

export function price(value) {
  return missing(value) ? NONE : PRICE.format(Number(value));
}

export function whole(value) {
  return missing(value) ? NONE : WHOLE.format(Number(value));
}

// A change, signed: +3.69%, -12.08%.
export function change(value) {
  return missing(value) ? NONE : CHANGE.format(Number(value));
}

export function percent(value) {
  return missing(value) ? NONE : SHARE.format(Number(value));
}

// Name a bar's period: its date when daily, else its first and last trading day.
export function barPeriod(bar) {
  if (bar.first_date === bar.last_date) return bar.first_date;
  return `${bar.first_date} to ${bar.last_date}`;
}

// Replace an element's children with `[label, value]` pairs as <span> terms.
export function fillPairs(element, pairs) {
  element.replaceChildren(
    ...pairs.map(([label, value]) => {
      const item = document.createElement("span");
      item.className = "pair";
      const name = document.createElement("span");
      name.className = "pair-label";
      name.textContent = label;
      const text = document.createElement("span");
      text.className = "pair-value";
      text.textContent = value;
      item.append(name, " ", text);
      return item;
    }),
  );
}
