// The Mini App's charts: small SVG drawings made in the browser from the
// API's JSON, and the colour arithmetic that keeps them readable in any
// Telegram theme. No library and no network: every element is created
// with createElementNS and every text set with textContent; colours are
// presentation attributes, so the page's CSP needs no inline styles.
"use strict";

window.AcCharts = (function () {
  const NS = "http://www.w3.org/2000/svg";

  // ---- colours -----------------------------------------------------------

  /** "#rrggbb" or "#rgb" to [r, g, b] (0–255); null when it is not a colour. */
  function parse(hex) {
    const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(hex || "").trim());
    if (!m) return null;
    let h = m[1];
    if (h.length === 3) h = h[0] + h[0] + h[1] + h[1] + h[2] + h[2];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  }

  function hex(rgb) {
    return "#" + rgb.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0")).join("");
  }

  /** WCAG relative luminance. */
  function luminance(colour) {
    const rgb = parse(colour) || [0, 0, 0];
    const c = rgb.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  /** WCAG contrast ratio of two colours, 1 to 21. */
  function contrast(a, b) {
    const la = luminance(a);
    const lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function toHsl(colour) {
    const [r, g, b] = (parse(colour) || [0, 0, 0]).map((v) => v / 255);
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const l = (max + min) / 2;
    if (max === min) return [0, 0, l];
    const d = max - min;
    const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
    let h;
    if (max === r) h = (g - b) / d + (g < b ? 6 : 0);
    else if (max === g) h = (b - r) / d + 2;
    else h = (r - g) / d + 4;
    return [h * 60, s, l];
  }

  function fromHsl(h, s, l) {
    h = ((h % 360) + 360) % 360;
    const c = (1 - Math.abs(2 * l - 1)) * s;
    const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
    const m = l - c / 2;
    const [r, g, b] =
      h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
    return hex([(r + m) * 255, (g + m) * 255, (b + m) * 255]);
  }

  /** `a` blended towards `b` by `t` (0 = a, 1 = b). */
  function mix(a, b, t) {
    const x = parse(a) || [0, 0, 0];
    const y = parse(b) || [0, 0, 0];
    return hex(x.map((v, i) => v + (y[i] - v) * t));
  }

  /**
   * `colour`, made lighter or darker (keeping its hue) only as far as needed
   * to reach `ratio` against every colour in `backgrounds`. Telegram themes
   * are the user's choice, so nothing guarantees their hint grey or button
   * blue is readable on their background.
   */
  function readable(colour, backgrounds, ratio) {
    const bgs = [].concat(backgrounds).filter(parse);
    const ok = (c) => bgs.every((bg) => contrast(c, bg) >= ratio);
    if (!parse(colour)) colour = "#808080";
    if (ok(colour)) return hex(parse(colour));
    const [h, s, l] = toHsl(colour);
    for (let step = 0.01; step <= 1; step += 0.01) {
      for (const candidate of [l - step, l + step]) {
        if (candidate < 0 || candidate > 1) continue;
        const c = fromHsl(h, s, candidate);
        if (ok(c)) return c;
      }
    }
    // Two backgrounds no single colour satisfies: the better of black and white.
    const worst = (c) => Math.min(...bgs.map((bg) => contrast(c, bg)));
    return worst("#000000") >= worst("#ffffff") ? "#000000" : "#ffffff";
  }

  /**
   * `n` distinct colours around `base`'s hue, each with at least 3:1
   * against `background` (WCAG's minimum for parts of a graphic).
   */
  function palette(base, background, n) {
    const [h] = toHsl(base);
    const dark = luminance(background) < 0.4;
    // Hues 45° apart, each next one far from the one before.
    const turns = [0, 180, 90, 270, 45, 225, 135, 315];
    const out = [];
    for (let i = 0; i < n; i++) {
      const c = i === 0 ? base : fromHsl(h + turns[i % turns.length], 0.62, dark ? 0.66 : 0.42);
      out.push(readable(c, background, 3));
    }
    return out;
  }

  // ---- drawing helpers -----------------------------------------------------

  function svgEl(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function text(parent, x, y, content, attrs) {
    const t = svgEl("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    t.textContent = content;
    return t;
  }

  /** About `count` round tick values from 0 up to at least `max`. */
  function ticks(max, count) {
    if (!(max > 0)) return [0, 1];
    const raw = max / count;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) || 10 * mag;
    const out = [];
    for (let v = 0; v < max + step * 0.999; v += step) out.push(Math.round(v * 100) / 100);
    return out;
  }

  function round1(v) {
    return Math.round(v * 10) / 10;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // ---- progress: cumulative points and rank over days ----------------------

  /**
   * Draws the points-and-rank chart into `box` (cleared first).
   *
   * opts.days: [{ label, total, points, rank }] oldest first;
   * opts.colours: { points, rank, rankText, grid, text, hint, card };
   * opts.texts: { pointsAxis, rankAxis, rank(n) };
   * opts.onSelect(index): called when a day is tapped, hovered or chosen
   * with the arrow keys; opts.selected: the day selected first.
   */
  function progress(box, opts) {
    clear(box);
    const width = Math.max(box.clientWidth, 240);
    const height = width < 500 ? 220 : 300;
    const m = { top: 14, right: 42, bottom: 26, left: 44 };
    const plotW = width - m.left - m.right;
    const plotH = height - m.top - m.bottom;
    const days = opts.days;
    const c = opts.colours;
    const n = days.length;
    const step = n > 1 ? plotW / (n - 1) : 0;
    const x = (i) => m.left + (n > 1 ? i * step : plotW / 2);

    const maxTotal = Math.max(...days.map((d) => d.total), 0);
    const pointTicks = ticks(maxTotal, 4);
    const top = pointTicks[pointTicks.length - 1] || 1;
    const yPoints = (v) => m.top + plotH - (v / top) * plotH;

    let best = Math.min(...days.map((d) => d.rank));
    let worst = Math.max(...days.map((d) => d.rank));
    if (best === worst) {
      best = Math.max(1, best - 1);
      worst = best + 2;
    }
    // Rank 1 at the top: up is better.
    const yRank = (r) => m.top + ((r - best) / (worst - best)) * plotH;

    const svg = svgEl("svg", {
      width: width,
      height: height,
      viewBox: "0 0 " + width + " " + height,
      "aria-hidden": "true",
      focusable: "false",
    });

    // Grid and the points axis (left).
    for (const v of pointTicks) {
      const y = yPoints(v);
      svgEl("line", { x1: m.left, x2: m.left + plotW, y1: y, y2: y, stroke: c.grid, "stroke-width": 1 }, svg);
      text(svg, m.left - 6, y + 4, String(round1(v)), { "text-anchor": "end", fill: c.hint, class: "axis" });
    }
    // The rank axis (right): a few whole ranks.
    const rankTicks = Array.from(new Set([best, Math.round((best + worst) / 2), worst]));
    for (const r of rankTicks) {
      text(svg, m.left + plotW + 6, yRank(r) + 4, opts.texts.rank(r), { fill: c.rankText, class: "axis" });
    }
    // Dates: the first, the last and about weekly between.
    const every = Math.max(1, Math.round(n / Math.max(2, Math.floor(plotW / 70))));
    for (let i = 0; i < n; i++) {
      if (i % every !== 0 && i !== n - 1) continue;
      if (i !== n - 1 && n - 1 - i < every / 2) continue;
      const anchor = i === 0 ? "start" : i === n - 1 ? "end" : "middle";
      text(svg, x(i), height - 8, days[i].label, { "text-anchor": anchor, fill: c.hint, class: "axis" });
    }

    // Cumulative points: a tinted area under a solid line.
    const line = days.map((d, i) => (i ? "L" : "M") + x(i).toFixed(1) + " " + yPoints(d.total).toFixed(1)).join(" ");
    svgEl(
      "path",
      {
        d: line + " L" + x(n - 1).toFixed(1) + " " + yPoints(0) + " L" + x(0).toFixed(1) + " " + yPoints(0) + " Z",
        fill: c.points,
        "fill-opacity": 0.14,
        stroke: "none",
      },
      svg,
    );
    svgEl(
      "path",
      { d: line, fill: "none", stroke: c.points, "stroke-width": 2.5, "stroke-linejoin": "round", class: "mark mark-points" },
      svg,
    );
    // A dot on each day with activity.
    days.forEach((d, i) => {
      if (d.points > 0) {
        svgEl("circle", { cx: x(i), cy: yPoints(d.total), r: 3, fill: c.points, class: "mark day-dot", "data-day": i }, svg);
      }
    });

    // Rank: a dashed line, so it differs from points without colour.
    const rankLine = days.map((d, i) => (i ? "L" : "M") + x(i).toFixed(1) + " " + yRank(d.rank).toFixed(1)).join(" ");
    svgEl(
      "path",
      {
        d: rankLine,
        fill: "none",
        stroke: c.rank,
        "stroke-width": 2,
        "stroke-dasharray": "6 4",
        "stroke-linejoin": "round",
        class: "mark mark-rank",
      },
      svg,
    );
    // Where each day's rank sits, for the selection and for tests.
    const rankDots = svgEl("g", { class: "rank-points" }, svg);
    days.forEach((d, i) => {
      svgEl("circle", { cx: x(i), cy: yRank(d.rank), r: 0, "data-rank": d.rank, "data-total": d.total }, rankDots);
    });

    // The selected day: a cursor and a ring on each line.
    const cursor = svgEl("g", { class: "cursor" }, svg);
    const cursorLine = svgEl("line", { y1: m.top, y2: m.top + plotH, stroke: c.hint, "stroke-width": 1 }, cursor);
    const ringPoints = svgEl("circle", { r: 5, fill: c.card, stroke: c.points, "stroke-width": 2.5 }, cursor);
    const ringRank = svgEl("circle", { r: 4.5, fill: c.card, stroke: c.rank, "stroke-width": 2 }, cursor);

    function select(i) {
      i = Math.max(0, Math.min(n - 1, i));
      box.dataset.selected = String(i);
      cursorLine.setAttribute("x1", x(i));
      cursorLine.setAttribute("x2", x(i));
      ringPoints.setAttribute("cx", x(i));
      ringPoints.setAttribute("cy", yPoints(days[i].total));
      ringRank.setAttribute("cx", x(i));
      ringRank.setAttribute("cy", yRank(days[i].rank));
      if (opts.onSelect) opts.onSelect(i);
    }

    // Taps and hovers anywhere over the plot pick the nearest day.
    const hit = svgEl(
      "rect",
      { x: m.left - step / 2, y: 0, width: plotW + step, height: height, fill: "transparent", class: "hit" },
      svg,
    );
    function fromPointer(ev) {
      const rect = svg.getBoundingClientRect();
      const px = ((ev.clientX - rect.left) / rect.width) * width;
      select(Math.round((px - m.left) / (step || 1)));
    }
    hit.addEventListener("pointerdown", fromPointer);
    hit.addEventListener("pointermove", fromPointer);

    box.onkeydown = function (ev) {
      const current = Number(box.dataset.selected || n - 1);
      const next = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: n - 1 }[ev.key];
      if (next === undefined) return;
      ev.preventDefault();
      select(next);
    };

    box.appendChild(svg);
    select(opts.selected === undefined ? n - 1 : opts.selected);
  }

  // ---- donut: shares of a whole --------------------------------------------

  function arc(cx, cy, r, r0, a0, a1) {
    const p = (rad, a) => [cx + rad * Math.sin(a), cy - rad * Math.cos(a)];
    const large = a1 - a0 > Math.PI ? 1 : 0;
    const [x0, y0] = p(r, a0);
    const [x1, y1] = p(r, a1);
    const [x2, y2] = p(r0, a1);
    const [x3, y3] = p(r0, a0);
    return (
      "M" + x0.toFixed(2) + " " + y0.toFixed(2) +
      " A" + r + " " + r + " 0 " + large + " 1 " + x1.toFixed(2) + " " + y1.toFixed(2) +
      " L" + x2.toFixed(2) + " " + y2.toFixed(2) +
      " A" + r0 + " " + r0 + " 0 " + large + " 0 " + x3.toFixed(2) + " " + y3.toFixed(2) + " Z"
    );
  }

  /**
   * Draws a donut into `box`: opts.items [{ label, value, colour }],
   * opts.centre [big, small] for the hole, opts.colours { card, text, hint }.
   * Segments are parted by a gap of the card's colour, so neighbours stay
   * apart whatever their colours.
   */
  function donut(box, opts) {
    clear(box);
    const size = Math.min(Math.max(box.clientWidth, 160), 240);
    const c = opts.colours;
    const cx = size / 2;
    const cy = size / 2;
    const r = size / 2 - 4;
    const r0 = r * 0.6;
    const svg = svgEl("svg", { width: size, height: size, viewBox: "0 0 " + size + " " + size, "aria-hidden": "true", focusable: "false" });
    const total = opts.items.reduce((s, it) => s + it.value, 0);
    let a = 0;
    opts.items.forEach((it, i) => {
      const share = total > 0 ? it.value / total : 0;
      if (share <= 0) return;
      const a1 = a + share * 2 * Math.PI;
      // A full ring cannot be one arc: draw it as two halves.
      const parts = share > 0.999 ? [[0, Math.PI], [Math.PI, 2 * Math.PI - 1e-6]] : [[a, a1]];
      for (const [s, e] of parts) {
        svgEl(
          "path",
          {
            d: arc(cx, cy, r, r0, s, e),
            fill: it.colour,
            stroke: c.card,
            "stroke-width": opts.items.length > 1 ? 2 : 0,
            class: "mark segment",
            "data-index": i,
            "data-share": (share * 100).toFixed(1),
          },
          svg,
        );
      }
      a = a1;
    });
    text(svg, cx, cy + 2, opts.centre[0], { "text-anchor": "middle", fill: c.text, class: "donut-big" });
    text(svg, cx, cy + 20, opts.centre[1], { "text-anchor": "middle", fill: c.hint, class: "donut-small" });
    box.appendChild(svg);
  }

  // ---- horizontal bars -----------------------------------------------------

  /**
   * Draws labelled horizontal bars into `box`: opts.items [{ label, shown,
   * value, highlight }], largest scale at opts.max (else the largest
   * value); opts.colours { bar, highlight, highlightText, text, track }.
   */
  function bars(box, opts) {
    clear(box);
    const width = Math.max(box.clientWidth, 240);
    const rowH = 40;
    const c = opts.colours;
    const height = opts.items.length * rowH + 4;
    const max = opts.max || Math.max(...opts.items.map((it) => it.value), 0) || 1;
    const svg = svgEl("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, "aria-hidden": "true", focusable: "false" });
    // In the document first: text is measured to fit.
    box.appendChild(svg);
    opts.items.forEach((it, i) => {
      const y = i * rowH;
      const row = svgEl("g", { class: it.highlight ? "bar-row highlight" : "bar-row", "data-value": it.value }, svg);
      const ink = it.highlight ? c.highlightText : c.text;
      const label = text(row, 0, y + 14, it.label, { fill: ink, class: it.highlight ? "bar-label strong" : "bar-label" });
      const value = text(row, width, y + 14, it.shown, { "text-anchor": "end", fill: ink, class: "bar-value" });
      // Leave room for the value; long names are cut with an ellipsis.
      const room = width - value.getComputedTextLength() - 10;
      if (label.getComputedTextLength() > room) {
        let s = it.label;
        while (s.length > 1 && label.getComputedTextLength() > room) {
          s = s.slice(0, -1);
          label.textContent = s.trimEnd() + "…";
        }
      }
      svgEl("rect", { x: 0, y: y + 20, width: width, height: 12, rx: 6, fill: c.track }, row);
      const w = Math.max(0, Math.min(1, it.value / max)) * width;
      if (w > 0) {
        svgEl(
          "rect",
          {
            x: 0,
            y: y + 20,
            width: Math.max(w, 3).toFixed(1),
            height: 12,
            rx: 6,
            fill: it.highlight ? c.highlight : c.bar,
            class: "mark bar",
          },
          row,
        );
      }
    });
  }

  return { parse, hex, contrast, luminance, mix, readable, palette, progress, donut, bars };
})();
