// The Mini App: my progress, my activity mix, the guild battle and the top
// participants, drawn from the JSON API with Telegram's initData. Text is
// set with textContent, never as HTML, and charts come from charts.js.
"use strict";

(function () {
  const C = window.AcCharts;

  // ---- every text the script shows, in one place ---------------------------
  //
  // The texts come from the translation files: the page carries the Mini
  // App's messages, in the person's language, as data (a JSON block that is
  // never run); M() renders one with its values. Numbers and dates follow
  // the page's language too.

  const LOCALE = document.documentElement.lang || "en";
  const MESSAGES = readMessages();

  function readMessages() {
    const block = document.getElementById("messages");
    try {
      return JSON.parse(block ? block.textContent : "{}");
    } catch (e) {
      return {};
    }
  }

  // A message given as data (see src/i18n/data.rs): text, {"var": name} and
  // {"select": name, "variants": {...}, "default": key}, plural forms chosen
  // the way the page's language does.
  function render(parts, args) {
    let out = "";
    for (const part of parts) {
      if (typeof part === "string") {
        out += part;
      } else if (part.var !== undefined) {
        const v = args[part.var];
        out += v === undefined || v === null ? "" : typeof v === "number" ? N(v) : String(v);
      } else if (part.select !== undefined) {
        const v = args[part.select];
        let key = String(v);
        if (!(key in part.variants) && typeof v === "number") key = new Intl.PluralRules(LOCALE).select(v);
        out += render(part.variants[key] || part.variants[part["default"]] || [], args);
      }
    }
    return out;
  }

  function M(id, args) {
    return render(MESSAGES[id] || [id], args || {});
  }

  /** A number, or the API's decimal string ("5.63"), as the page's language writes it, with as many decimals. */
  function N(value) {
    const text = String(value);
    const dot = text.indexOf(".");
    const decimals = dot < 0 ? 0 : text.length - dot - 1;
    const number = parseFloat(text);
    if (!isFinite(number)) return text;
    return new Intl.NumberFormat(LOCALE, { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: false }).format(number);
  }

  const T = {
    retry: M("app-retry"),
    failed: M("app-failed"),
    offline: M("app-offline"),
    points: M("app-points"),
    rank: (r) => M("app-rank", { rank: r }),
    overall: (n) => M("app-overall", { count: n }),
    inGuild: (n, guild) => M("app-in-guild", { count: n, guild: guild }),
    noGuild: M("app-no-guild"),
    today: (p) => M("app-today", { points: N(p) }),
    streak: (s) => (s.current > 0 ? M("app-streak", { current: s.current, longest: s.longest }) : M("app-streak-over", { longest: s.longest })),
    above: (n) => M("app-above", { gap: N(n.gap) }),
    below: (n) => M("app-below", { gap: N(n.gap) }),
    leader: M("app-leader"),
    last: M("app-last"),
    summaryTitle: M("app-summary-title"),
    progressTitle: M("app-progress-title"),
    legendPoints: M("app-legend-points"),
    legendRank: M("app-legend-rank"),
    chartHelp: M("app-chart-help"),
    readout: (d) => M("app-readout", { day: d.long, points: N(d.pointsText), total: N(d.totalText), rank: d.rank }),
    progressSummary: function (s) {
      const move = s.to < s.from ? "climbed" : s.to > s.from ? "moved" : "held";
      let out = M("app-progress-summary", { gained: N(s.gained), move: move, from: s.from, to: s.to });
      if (s.bestDay) out += " " + M("app-best-day", { day: s.bestDay, points: N(s.bestPoints) });
      return out;
    },
    asTable: M("app-as-table"),
    dayCols: [M("app-col-day"), M("app-col-points"), M("app-col-total"), M("app-col-rank")],
    emptyTitle: M("app-empty-title"),
    emptyText: M("app-empty-text"),
    emptyGuild: (name, guild) => M("app-empty-guild", { name: name, guild: guild }),
    emptyMix: M("app-empty-mix"),
    backToBot: M("app-back-to-bot"),
    mixTitle: M("app-mix-title"),
    mixHint: M("app-mix-hint"),
    mixCols: [M("app-col-category"), M("app-col-points"), M("app-col-time")],
    sessions: (n) => M("app-sessions", { count: n }),
    mixCaption: M("app-mix-caption"),
    mixSummary: (top, share) => M("app-mix-summary", { category: top, share: share }),
    otherCategories: M("app-other-categories"),
    minutes: (m) => M("app-duration", { hours: Math.floor(m / 60), rest: m % 60 }),
    guildsTitle: M("app-guilds-title"),
    metrics: [
      { key: "average", label: M("app-metric-average"), hint: M("app-metric-average-hint") },
      { key: "participation", label: M("app-metric-active"), hint: M("app-metric-active-hint") },
      { key: "week", label: M("app-metric-week"), hint: M("app-metric-week-hint") },
    ],
    metricsLabel: M("app-metrics-label"),
    yourGuild: M("app-your-guild"),
    guildSummary: (g, n) =>
      M("app-guild-summary", {
        name: g.name,
        rank: g.rank,
        count: n,
        average: N(g.average),
        participation: N(g.participation_percent),
        week: N(g.week_gain),
      }),
    guildLeader: (g) => M("app-guild-leader", { name: g.name, average: N(g.average) }),
    guildCols: [M("app-col-rank"), M("app-col-guild"), M("app-col-average"), M("app-col-active"), M("app-col-week")],
    // A composite guild score (the competition's rule): what ranks, with its weights.
    scoreMetric: (rule) => ({
      key: "score",
      label: M("app-metric-score"),
      hint: M("app-metric-score-hint", { points: rule.points_weight, participation: rule.participation_weight }),
    }),
    averagePlainHint: M("app-metric-average-plain-hint"),
    scoreRule: (rule) => M("app-score-rule", { points: rule.points_weight, participation: rule.participation_weight }),
    guildSummaryScore: (g, n) =>
      M("app-guild-summary-score", {
        name: g.name,
        rank: g.rank,
        count: n,
        score: N(g.score),
        average: N(g.average),
        participation: N(g.participation_percent),
        week: N(g.week_gain),
      }),
    guildLeaderScore: (g) => M("app-guild-leader-score", { name: g.name, score: N(g.score) }),
    scoreCol: M("app-col-score"),
    noGuilds: M("app-no-guilds"),
    topTitle: M("app-top-title"),
    positionTitle: M("app-position-title"),
    position: (me) => M("app-position", { rank: me.global_rank, count: me.participants, points: N(me.points) }),
    you: M("app-you"),
    seasonsTitle: M("app-seasons-title"),
    streaksTitle: M("app-streaks-title"),
    streakCols: [M("app-col-rank"), M("app-col-name"), M("app-col-guild"), M("app-col-days")],
    season: (s) => M("app-season", { name: s.name, start: s.start_date, end: s.end_date }),
    seasonMine: (m) => M("app-season-mine", { rank: m.rank, participants: m.participants, points: N(m.points) }),
    anonymous: M("app-anonymous"),
    myDataTitle: M("app-mydata-title"),
    myDataText: M("app-mydata-text"),
    myDataButton: M("app-mydata-button"),
    myDataSaved: (name) => M("app-mydata-saved", { file: name }),
    topCols: [M("app-col-rank"), M("app-col-name"), M("app-col-guild"), M("app-col-points")],
    noLeaders: M("app-no-leaders"),
    showTable: M("app-show-table"),
    gateTitle: {
      missing_init_data: M("app-gate-open-title"),
      expired_init_data: M("app-gate-reopen-title"),
      invalid_init_data: M("app-gate-open-title"),
      not_registered: M("app-gate-register-title"),
      mini_app_unavailable: M("app-gate-unavailable-title"),
    },
    gateText: {
      missing_init_data: M("app-gate-missing"),
      expired_init_data: M("app-gate-expired"),
      invalid_init_data: M("app-gate-invalid"),
      not_registered: M("app-gate-not-registered"),
      mini_app_unavailable: M("app-gate-unavailable"),
    },
    gatePublic: M("app-gate-public"),
    competitionDays: function (c) {
      if (c.phase === "not_started") return M("app-starts", { date: longDate(c.start_date) });
      if (c.phase === "finished") return M("app-finished", { date: longDate(c.end_date) });
      const day = c.total_days - c.days_left;
      if (c.days_left === 0) return M("app-last-day", { day: day, total: c.total_days });
      return M("app-day-of", { day: day, total: c.total_days, left: c.days_left });
    },
  };

  // ---- Telegram -------------------------------------------------------------

  const tg = window.Telegram && window.Telegram.WebApp;
  // Telegram hands a Mini App its launch parameters in the URL's fragment;
  // its own script reads them into Telegram.WebApp. Reading them here too
  // keeps the app working when that script cannot be loaded.
  const launch = new URLSearchParams(location.hash.slice(1));
  const initData = (tg && tg.initData) || launch.get("tgWebAppData") || "";

  function supports(version) {
    try {
      return Boolean(tg && tg.isVersionAtLeast && tg.isVersionAtLeast(version));
    } catch (e) {
      return false;
    }
  }

  function call(fn) {
    try {
      fn();
    } catch (e) {
      // Older Telegram clients lack some methods; the app works without them.
    }
  }

  // ---- theme ----------------------------------------------------------------

  const LIGHT = {
    bg_color: "#ffffff",
    secondary_bg_color: "#f1f1f4",
    text_color: "#000000",
    hint_color: "#707579",
    link_color: "#2481cc",
    button_color: "#2481cc",
    button_text_color: "#ffffff",
  };
  const DARK = {
    bg_color: "#1c1c1e",
    secondary_bg_color: "#000000",
    text_color: "#ffffff",
    hint_color: "#98989e",
    link_color: "#3e88f7",
    button_color: "#3e88f7",
    button_text_color: "#ffffff",
  };
  let colours = null;

  function themeParams() {
    if (tg && tg.themeParams && Object.keys(tg.themeParams).length) return tg.themeParams;
    try {
      return JSON.parse(launch.get("tgWebAppThemeParams") || "{}") || {};
    } catch (e) {
      return {};
    }
  }

  function applyTheme() {
    const given = themeParams();
    let dark;
    if (tg && tg.colorScheme && Object.keys(given).length) dark = tg.colorScheme === "dark";
    else if (C.parse(given.bg_color)) dark = C.luminance(given.bg_color) < 0.3;
    else dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    const p = Object.assign({}, dark ? DARK : LIGHT);
    for (const k in given) if (C.parse(given[k])) p[k] = given[k];
    const card = p.section_bg_color || p.bg_color;
    const page = C.parse(p.secondary_bg_color) && p.secondary_bg_color !== card ? p.secondary_bg_color : p.bg_color;
    const bgs = [card, page];
    const text = C.readable(p.text_color, bgs, 7);
    const hint = C.readable(p.subtitle_text_color || p.hint_color, bgs, 4.5);
    const accent = C.readable(p.accent_text_color || p.link_color, bgs, 4.5);
    const buttonColour = C.parse(p.button_color) ? p.button_color : accent;
    const points = C.readable(buttonColour, card, 3);
    // A button keeps Telegram's label colour; its face shifts if needed.
    const buttonText = C.parse(p.button_text_color) ? p.button_text_color : "#ffffff";
    const button = C.readable(buttonColour, buttonText, 4.5);
    const pal = C.palette(points, card, 8);
    colours = {
      dark: dark,
      page: page,
      card: card,
      text: text,
      hint: hint,
      accent: accent,
      button: button,
      buttonText: buttonText,
      points: points,
      rank: pal[1],
      // The same hues for text, which needs 4.5:1 where a line needs 3:1.
      pointsText: C.readable(points, card, 4.5),
      rankText: C.readable(pal[1], card, 4.5),
      palette: pal,
      neutral: C.readable(p.hint_color, card, 3),
      grid: C.mix(card, text, 0.12),
      track: C.mix(card, text, 0.07),
      line: C.mix(card, text, 0.15),
      section: C.readable(p.section_header_text_color || accent, bgs, 4.5),
    };
    const root = document.documentElement.style;
    const vars = {
      "--page": page,
      "--card": card,
      "--text": text,
      "--hint": hint,
      "--accent": accent,
      "--button": button,
      "--button-text": colours.buttonText,
      "--line": colours.line,
      "--track": colours.track,
      "--section": colours.section,
      "--points": points,
      "--rank": colours.rank,
    };
    for (const k in vars) root.setProperty(k, vars[k]);
    document.documentElement.dataset.scheme = dark ? "dark" : "light";
    if (tg && supports("6.1")) {
      call(() => tg.setHeaderColor(page));
      call(() => tg.setBackgroundColor(page));
    }
    if (tg && supports("7.10")) call(() => tg.setBottomBarColor(card));
  }

  // ---- small DOM helpers ----------------------------------------------------

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "className") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    for (const c of children || []) if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    return e;
  }

  function card(title, children, extraClass) {
    return el("section", { className: "card" + (extraClass ? " " + extraClass : "") }, [
      title ? el("h2", { text: title }) : null,
    ].concat(children));
  }

  function table(caption, cols, rows, numeric) {
    const head = el("tr", {}, cols.map((c, i) => el("th", { scope: "col", text: c, className: numeric[i] ? "num" : "" })));
    const body = rows.map((r) =>
      el(
        "tr",
        r.mark ? { className: "mine" } : {},
        r.cells.map((c, i) => el(i === 0 && r.header ? "th" : "td", { text: c, className: numeric[i] ? "num" : "" })),
      ),
    );
    return el("table", {}, [el("caption", { text: caption, className: "sr-only" }), el("thead", {}, [head]), el("tbody", {}, body)]);
  }

  const ICONS = {
    phone: "M8 2h8a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zM11 18h2",
    register: "M9 3h6v3H9zM7 4.5H5V21h14V4.5h-2M9 11h6M9 15h4",
    start: "M5 21V4M5 4h12l-2.5 4L17 12H5",
  };

  /** A 24×24 line icon, decorative. */
  function icon(path, className) {
    const NS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(NS, "svg");
    const attrs = { viewBox: "0 0 24 24", width: 48, height: 48, fill: "none", stroke: "currentColor", "stroke-width": 1.6,
      "stroke-linecap": "round", "stroke-linejoin": "round", "aria-hidden": "true", focusable: "false", class: className };
    for (const k in attrs) svg.setAttribute(k, attrs[k]);
    const p = document.createElementNS(NS, "path");
    p.setAttribute("d", path);
    svg.appendChild(p);
    return svg;
  }

  function details(summary, content) {
    return el("details", {}, [el("summary", { text: summary }), content]);
  }

  function dateOf(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d));
  }

  function shortDate(iso) {
    return dateOf(iso).toLocaleDateString(LOCALE, { day: "numeric", month: "short", timeZone: "UTC" });
  }

  function longDate(iso) {
    return dateOf(iso).toLocaleDateString(LOCALE, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
  }

  function num(s) {
    return parseFloat(s) || 0;
  }

  // ---- data -----------------------------------------------------------------

  const data = {};
  const errors = {};

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function get(path, personal) {
    const headers = personal ? { "X-Telegram-Init-Data": initData } : {};
    // The API's messages (and the activity mix's category names) in the page's language.
    headers["Accept-Language"] = LOCALE;
    let resp;
    try {
      resp = await fetch("/api/v1" + path, { headers: headers });
    } catch (e) {
      throw new ApiError(0, "offline", T.offline);
    }
    let body = null;
    try {
      body = await resp.json();
    } catch (e) {
      body = null;
    }
    if (!resp.ok) throw new ApiError(resp.status, (body && body.code) || "failed", (body && body.message) || T.failed);
    return body;
  }

  /**
   * The page opened without a language in its address (not from the bot's
   * button) in another language than the one the person chose in the bot:
   * open it again in theirs, keeping Telegram's launch data.
   */
  function followChosenLanguage(me) {
    const url = new URL(location.href);
    if (me.language && me.language !== LOCALE && !url.searchParams.has("lang")) {
      url.searchParams.set("lang", me.language);
      location.replace(url.toString());
    }
    return me;
  }

  /** Every guild, page by page (a page holds at most 100). */
  async function allStandings() {
    const first = await get("/standings?limit=100", false);
    const items = first.items.slice();
    while (items.length < first.total) {
      const next = await get("/standings?limit=100&offset=" + items.length, false);
      if (!next.items.length) break;
      items.push(...next.items);
    }
    return { items: items, total: first.total, score_rule: first.score_rule };
  }

  const SOURCES = {
    me: () => get("/me", true).then(followChosenLanguage),
    daily: () => get("/me/daily", true),
    mix: () => get("/me/activity-mix", true),
    competition: () => get("/competition", false),
    standings: allStandings,
    board: () => get("/leaderboard?limit=10", false),
    hall: () => get("/hall-of-fame", false),
    streaks: () => get("/streaks", false),
    seasons: () => get("/me/seasons", true),
  };

  const PERSONAL = ["me", "daily", "mix", "seasons"];

  function load(key) {
    delete errors[key];
    delete data[key];
    if (PERSONAL.includes(key) && !initData) {
      errors[key] = new ApiError(401, "missing_init_data", "");
      changed();
      return;
    }
    SOURCES[key]()
      .then((value) => {
        data[key] = value;
      })
      .catch((err) => {
        errors[key] = err instanceof ApiError ? err : new ApiError(0, "failed", T.failed);
      })
      .then(changed);
  }

  // ---- panels ---------------------------------------------------------------

  const AUTH_CODES = ["missing_init_data", "expired_init_data", "invalid_init_data", "not_registered", "mini_app_unavailable"];

  // The tabs, in the order of the template's tab bar. A new tab is a
  // button and a panel in the template and an entry here: what it needs
  // and how it draws.
  const PANELS = {
    me: { needs: ["me", "daily"], personal: true, draw: drawMe },
    mix: { needs: ["me", "mix"], personal: true, draw: drawMix },
    guilds: { needs: ["standings"], draw: drawGuilds },
    top: { needs: ["board"], draw: drawTop },
  };
  const ORDER = Object.keys(PANELS);
  let active = ORDER[0];
  const dirty = new Set(ORDER);
  const drawn = new Set();
  // metric: null until chosen, then the standings' own measure is shown first.
  const view = { selectedDay: undefined, metric: null, mainAction: null };

  function authProblem() {
    for (const key of PERSONAL) {
      const e = errors[key];
      if (e && AUTH_CODES.includes(e.code)) return e.code;
    }
    return null;
  }

  function changed() {
    if (data.competition) {
      document.getElementById("competition").textContent = data.competition.name;
      document.getElementById("competition-days").textContent = T.competitionDays(data.competition);
      const rules = document.getElementById("competition-rules");
      const lines = (data.competition.rules && data.competition.rules.summary) || [];
      rules.querySelector("summary").textContent = M("app-rules");
      replace(rules.querySelector("ul"), lines.map((line) => {
        const li = document.createElement("li");
        li.textContent = line;
        return li;
      }));
      rules.hidden = lines.length === 0;
    }
    ORDER.forEach((k) => dirty.add(k));
    draw();
  }

  function draw() {
    const name = active;
    if (!dirty.has(name)) return syncButtons();
    const panel = document.getElementById("panel-" + name);
    const spec = PANELS[name];
    view.mainAction = null;
    const problem = spec.personal ? authProblem() : null;
    const failed = spec.needs.map((k) => errors[k]).find((e) => e && !AUTH_CODES.includes(e.code));
    if (problem) {
      replace(panel, [gate(problem)]);
      view.mainAction = tg && initData ? { text: T.backToBot, run: () => tg.close() } : null;
    } else if (failed) {
      replace(panel, [problemCard(failed, spec.needs)]);
    } else if (spec.needs.every((k) => k in data)) {
      spec.draw(panel);
      panel.removeAttribute("aria-busy");
      if (!drawn.has(name)) {
        drawn.add(name);
        // When each tab first showed its figures, for measuring start-up.
        if (window.performance && performance.mark) performance.mark("miniapp:" + name);
      }
    } else {
      return syncButtons(); // still loading: the skeleton stays
    }
    dirty.delete(name);
    syncButtons();
  }

  function replace(panel, children) {
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    for (const c of children) if (c) panel.appendChild(c);
    panel.removeAttribute("aria-busy");
  }

  function gate(code) {
    return card(
      null,
      [
        icon(code === "not_registered" ? ICONS.register : ICONS.phone, "gate-icon"),
        el("h2", { text: T.gateTitle[code] }),
        el("p", { text: T.gateText[code] }),
        el("p", { className: "hint", text: T.gatePublic }),
      ],
      "gate",
    );
  }

  function problemCard(err, keys) {
    const button = el("button", { type: "button", className: "retry", text: T.retry });
    button.addEventListener("click", () => keys.filter((k) => errors[k]).forEach(load));
    return card(null, [el("p", { text: err.message || T.failed }), button], "problem");
  }

  // My progress: today's standing and the 30-day chart.
  function drawMe(panel) {
    const me = data.me;
    const days = data.daily.days;
    const today = days[days.length - 1];
    const stats = el("div", { className: "stats" }, [
      stat(N(me.points), T.points),
      stat(T.rank(me.global_rank), T.overall(me.participants)),
      stat(T.rank(me.guild_rank), me.guild ? T.inGuild(me.guild_participants, me.guild) : T.noGuild),
    ]);
    const summary = card(T.summaryTitle, [
      stats,
      today && num(today.points) > 0 ? el("p", { className: "today", text: T.today(today.points) }) : null,
      me.streak && me.streak.longest > 0 ? el("p", { className: "streak", text: T.streak(me.streak) }) : null,
      ladder(me),
    ]);
    if (num(me.points) === 0) {
      view.mainAction = tg && initData ? { text: T.backToBot, run: () => tg.close() } : null;
      replace(panel, [emptyCard(T.emptyTitle, T.emptyText, me.guild ? T.emptyGuild(me.first_name, me.guild) : null), myDataCard()]);
      return;
    }
    replace(panel, [summary, progressCard(days), myDataCard()]);
    drawProgressChart();
  }

  // A copy of everything stored about me, saved as a JSON file (the bot's
  // /mydata sends the same file into the chat).
  function myDataCard() {
    const status = el("p", { className: "hint", role: "status" });
    const button = el("button", { type: "button", className: "retry", text: T.myDataButton });
    button.addEventListener("click", async function () {
      button.disabled = true;
      status.textContent = "";
      try {
        let resp;
        try {
          resp = await fetch("/api/v1/me/data", { headers: { "X-Telegram-Init-Data": initData, "Accept-Language": LOCALE } });
        } catch (e) {
          throw new Error(T.offline);
        }
        let body = null;
        try {
          body = await resp.json();
        } catch (e) {
          body = null;
        }
        if (!resp.ok || !body) throw new Error((body && body.message) || T.failed);
        // attachment; filename="activity-challenge-my-data-YYYY-MM-DD.json"
        const disposition = resp.headers.get("Content-Disposition") || "";
        const name = (disposition.split("filename=")[1] || "").replace(/\u0022/g, "") || "activity-challenge-my-data.json";
        const url = URL.createObjectURL(new Blob([JSON.stringify(body, null, 2)], { type: "application/json" }));
        const link = el("a", { href: url, download: name, hidden: "" });
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
        status.textContent = T.myDataSaved(name);
      } catch (e) {
        status.textContent = e.message || T.failed;
      } finally {
        button.disabled = false;
      }
    });
    return card(T.myDataTitle, [el("p", { className: "hint", text: T.myDataText }), button, status], "my-data");
  }

  function emptyCard(title, text, extra) {
    return card(
      null,
      [
        icon(ICONS.start, "empty-art"),
        el("h2", { text: title }),
        el("p", { text: text }),
        extra ? el("p", { className: "hint", text: extra }) : null,
      ],
      "empty",
    );
  }

  function stat(big, small) {
    return el("div", { className: "stat" }, [el("span", { className: "big", text: big }), el("span", { className: "small", text: small })]);
  }

  function ladder(me) {
    const rows = [];
    if (me.above) rows.push(neighbour("above", "▲", me.above, T.above(me.above)));
    else rows.push(el("li", { className: "note", text: T.leader }));
    if (me.below) rows.push(neighbour("below", "▼", me.below, T.below(me.below)));
    else if (me.participants > 1) rows.push(el("li", { className: "note", text: T.last }));
    return el("ul", { className: "ladder" }, rows);
  }

  function neighbour(kind, arrow, n, gap) {
    return el("li", { className: kind }, [
      el("span", { className: "arrow", "aria-hidden": "true", text: arrow }),
      el("span", { className: "who", text: "#" + n.rank + " " + shownName(n) + (n.guild ? " · " + n.guild : "") }),
      el("span", { className: "gap", text: gap }),
    ]);
  }

  function progressDays() {
    return data.daily.days.map((d) => ({
      label: shortDate(d.date),
      long: longDate(d.date),
      total: num(d.total),
      points: num(d.points),
      totalText: d.total,
      pointsText: d.points,
      rank: d.rank,
    }));
  }

  function progressCard(raw) {
    const days = progressDays();
    const first = raw[0];
    const last = raw[raw.length - 1];
    const gained = (num(last.total) - num(first.total) + num(first.points)).toFixed(2);
    let best = null;
    raw.forEach((d, i) => {
      if (num(d.points) > 0 && (best === null || num(d.points) > num(raw[best].points))) best = i;
    });
    const sentence = T.progressSummary({
      gained: gained,
      from: first.rank,
      to: last.rank,
      bestDay: best === null ? null : days[best].long,
      bestPoints: best === null ? null : raw[best].points,
    });
    const rows = raw
      .slice()
      .reverse()
      .map((d) => ({ header: true, cells: [longDate(d.date), N(d.points), N(d.total), T.rank(d.rank)] }));
    return card(T.progressTitle, [
      el("div", { className: "legend", "aria-hidden": "true" }, [
        el("span", { className: "key key-points" }, [el("i"), T.legendPoints]),
        el("span", { className: "key key-rank" }, [el("i"), T.legendRank]),
      ]),
      el("p", { className: "readout", id: "progress-readout", "aria-live": "polite" }),
      el("div", {
        className: "chart progress-chart",
        id: "progress-chart",
        tabindex: "0",
        role: "group",
        "aria-label": T.chartHelp,
        "aria-describedby": "progress-summary",
      }),
      el("p", { className: "summary-text", id: "progress-summary", text: sentence }),
      details(T.asTable, table(T.progressTitle, T.dayCols, rows, [false, true, true, true])),
    ]);
  }

  function drawProgressChart() {
    const box = document.getElementById("progress-chart");
    if (!box || !box.clientWidth) return;
    const days = progressDays();
    const readout = document.getElementById("progress-readout");
    C.progress(box, {
      days: days,
      selected: view.selectedDay,
      colours: {
        points: colours.points,
        rank: colours.rank,
        rankText: colours.rankText,
        grid: colours.grid,
        text: colours.text,
        hint: colours.hint,
        card: colours.card,
      },
      texts: { rank: T.rank },
      onSelect: function (i) {
        if (view.selectedDay !== undefined && view.selectedDay !== i && tg && supports("6.1")) {
          call(() => tg.HapticFeedback.selectionChanged());
        }
        view.selectedDay = i;
        readout.textContent = T.readout(days[i]);
      },
    });
  }

  // Activity mix: a donut of points by category, the table beside it.
  function drawMix(panel) {
    const items = data.mix.items;
    if (!items.length) {
      view.mainAction = tg && initData ? { text: T.backToBot, run: () => tg.close() } : null;
      replace(panel, [emptyCard(T.emptyTitle, T.emptyMix)]);
      return;
    }
    // Up to eight slices; the smallest beyond are one slice.
    const slices = items.slice(0, 8).map((it) => ({ label: it.label || it.category, value: num(it.points) }));
    if (items.length > 8) {
      slices[7] = {
        label: T.otherCategories,
        value: items.slice(7).reduce((s, it) => s + num(it.points), 0),
      };
    }
    const pal = C.palette(colours.points, colours.card, slices.length);
    const grouped = items.length > 8;
    const colourOf = (i) => (grouped && i >= 7 ? colours.neutral : pal[i]);
    slices.forEach((s, i) => (s.colour = colourOf(i)));
    const total = items.reduce((s, it) => s + num(it.points), 0);
    const share = (v) => (total > 0 ? ((v / total) * 100).toFixed(0) : "0");
    const body = items.map((it, i) => {
      const swatch = el("i", { className: "swatch", "aria-hidden": "true" });
      // A CSSOM property, which the page's CSP allows (unlike a style attribute).
      swatch.style.background = colourOf(i);
      return el("tr", {}, [
        el("th", { scope: "row" }, [swatch, it.label || it.category]),
        el("td", { className: "num" }, [N(it.points), el("span", { className: "share", text: share(num(it.points)) + " %" })]),
        el("td", { className: "num" }, [T.minutes(it.minutes), el("span", { className: "share", text: T.sessions(it.count) })]),
      ]);
    });
    const legend = el("table", { className: "mix-table" }, [
      el("caption", { text: T.mixCaption, className: "sr-only" }),
      el("thead", {}, [
        el("tr", {}, T.mixCols.map((c, i) => el("th", { scope: "col", text: c, className: i ? "num" : "" }))),
      ]),
      el("tbody", {}, body),
    ]);
    const top = items[0];
    replace(panel, [
      card(T.mixTitle, [
        el("p", { className: "hint", text: T.mixHint }),
        el("div", { className: "mix" }, [
          el("div", {
            className: "chart donut-chart",
            id: "mix-chart",
            role: "img",
            "aria-label": T.mixSummary(top.label || top.category, share(num(top.points))),
          }),
          legend,
        ]),
        el("p", { className: "summary-text", text: T.mixSummary(top.label || top.category, share(num(top.points))) }),
      ]),
    ]);
    C.donut(document.getElementById("mix-chart"), {
      items: slices,
      centre: [N(total.toFixed(2)), T.points],
      colours: { card: colours.card, text: colours.text, hint: colours.hint },
    });
  }

  // The guild battle: one bar chart, three measures to compare by (four when
  // the competition ranks guilds by a composite score).
  function guildValue(g, metric) {
    if (metric === "score") return { value: num(g.score), shown: N(g.score) };
    if (metric === "participation") return { value: num(g.participation_percent), shown: N(g.participation_percent) + " %" };
    if (metric === "week") return { value: num(g.week_gain), shown: "+" + N(g.week_gain) };
    return { value: num(g.average), shown: N(g.average) };
  }

  function drawGuilds(panel) {
    const items = data.standings.items;
    if (!items.length) {
      replace(panel, [card(T.guildsTitle, [el("p", { className: "hint", text: T.noGuilds })])]);
      return;
    }
    const mine = data.me && data.me.guild;
    const rule = data.standings.score_rule;
    const composite = Boolean(rule && rule.kind === "composite");
    // The measure the standings rank by: its bars carry the ranks.
    const rankedBy = composite ? "score" : "average";
    const metrics = composite
      ? [T.scoreMetric(rule), Object.assign({}, T.metrics[0], { hint: T.averagePlainHint })].concat(T.metrics.slice(1))
      : T.metrics;
    const metric = metrics.find((m) => m.key === view.metric) || metrics[0];
    const switcher = el(
      "div",
      { className: "segmented", role: "group", "aria-label": T.metricsLabel },
      metrics.map((m) => {
        const b = el("button", { type: "button", text: m.label, "aria-pressed": String(m.key === metric.key), "data-metric": m.key });
        b.addEventListener("click", function () {
          if (view.metric === m.key) return;
          view.metric = m.key;
          if (tg && supports("6.1")) call(() => tg.HapticFeedback.selectionChanged());
          dirty.add("guilds");
          draw();
          const again = panel.querySelector('[data-metric="' + m.key + '"]');
          if (again) again.focus();
        });
        return b;
      }),
    );
    // Each measure is its own ranking: bars longest first. The standings'
    // rank is shown only beside the measure it ranks by.
    const ranked = metric.key === rankedBy
      ? items
      : items.slice().sort((a, b) => guildValue(b, metric.key).value - guildValue(a, metric.key).value);
    const myGuild = items.find((g) => g.name === mine);
    const sentence = composite
      ? (myGuild ? T.guildSummaryScore(myGuild, data.standings.total) : T.guildLeaderScore(items[0]))
      : (myGuild ? T.guildSummary(myGuild, data.standings.total) : T.guildLeader(items[0]));
    const rows = items.map((g) => ({
      mark: g.name === mine,
      cells: [String(g.rank), g.name + (g.name === mine ? " (" + T.yourGuild + ")" : "")]
        .concat(composite ? [N(g.score)] : [])
        .concat([N(g.average), N(g.participation_percent) + " %", "+" + N(g.week_gain)]),
    }));
    const cols = composite ? T.guildCols.slice(0, 2).concat([T.scoreCol]).concat(T.guildCols.slice(2)) : T.guildCols;
    const numeric = composite ? [true, false, true, true, true, true] : [true, false, true, true, true];
    replace(panel, [
      card(T.guildsTitle, [
        switcher,
        el("p", { className: "hint", text: metric.hint }),
        el("div", { className: "chart bars-chart", id: "guild-chart", role: "img", "aria-label": T.guildsTitle + ": " + metric.label + ". " + sentence }),
        el("p", { className: "summary-text", text: sentence }),
        composite ? el("p", { className: "hint", id: "score-rule", text: T.scoreRule(rule) }) : null,
        details(T.showTable, table(T.guildsTitle, cols, rows, numeric)),
      ]),
    ]);
    C.bars(document.getElementById("guild-chart"), {
      items: ranked.map((g) => {
        const v = guildValue(g, metric.key);
        return {
          label: (metric.key === rankedBy ? g.rank + ". " : "") + g.name + (g.name === mine ? " · " + T.yourGuild : ""),
          value: v.value,
          shown: v.shown,
          highlight: g.name === mine,
        };
      }),
      max: metric.key === "participation" || metric.key === "score" ? 100 : undefined,
      colours: {
        bar: colours.neutral,
        highlight: colours.points,
        highlightText: colours.pointsText,
        text: colours.text,
        track: colours.track,
      },
    });
  }

  // A name in a public list: "anonymous" for whoever chose not to be named.
  function shownName(p) {
    return p.anonymous ? T.anonymous : p.first_name;
  }

  // Past seasons: the latest three, their top guilds and participants, and
  // where I finished. Nothing is shown until a season has ended.
  function pastSeasons() {
    const seasons = (data.hall && data.hall.items) || [];
    if (!seasons.length) return null;
    const mine = (data.seasons && data.seasons.items) || [];
    const parts = [];
    seasons.slice(0, 3).forEach((s) => {
      parts.push(el("h3", { text: T.season(s) }));
      const lines = s.guilds.slice(0, 3).map((g) => g.rank + ". " + g.name + " — " + N(g.score))
        .concat(s.leaders.slice(0, 3).map((l) => l.rank + ". " + (l.former ? "—" : shownName(l)) + " — " + N(l.points)));
      parts.push(el("ul", { className: "plain" }, lines.map((line) => el("li", { text: line }))));
      const me = mine.find((m) => m.name === s.name && m.end_date === s.end_date);
      if (me) parts.push(el("p", { className: "hint", text: T.seasonMine(me) }));
    });
    return card(T.seasonsTitle, parts);
  }

  // The longest current streaks: nothing until someone has one.
  function streaksCard() {
    const items = (data.streaks && data.streaks.items) || [];
    if (!items.length) return null;
    const rows = items.map((p) => ({ cells: [String(p.rank), shownName(p), p.guild || "", String(p.days)] }));
    return card(T.streaksTitle, [table(T.streaksTitle, T.streakCols, rows, [true, false, false, true])]);
  }

  // Top participants, and where I stand.
  function isMe(p) {
    const me = data.me;
    return Boolean(me && p.rank === me.global_rank && p.anonymous === me.anonymous && (p.anonymous || p.first_name === me.first_name) && p.guild === me.guild && p.points === me.points);
  }

  function drawTop(panel) {
    const items = data.board.items.filter((p) => num(p.points) > 0);
    const cards = [];
    if (data.me) {
      cards.push(card(T.positionTitle, [el("p", { className: "position", text: T.position(data.me) }), ladder(data.me)]));
    }
    if (!items.length) {
      cards.push(card(T.topTitle, [el("p", { className: "hint", text: T.noLeaders })]));
      const streaks = streaksCard();
      if (streaks) cards.push(streaks);
      const past = pastSeasons();
      if (past) cards.push(past);
      replace(panel, cards);
      return;
    }
    const rows = items.map((p) => ({
      mark: isMe(p),
      cells: [String(p.rank), shownName(p) + (isMe(p) ? " (" + T.you + ")" : ""), p.guild || "", N(p.points)],
    }));
    cards.push(
      card(T.topTitle, [
        el("div", {
          className: "chart bars-chart",
          id: "top-chart",
          role: "img",
          "aria-label": T.topTitle + ": " + items.map((p) => T.rank(p.rank) + " " + shownName(p) + " " + N(p.points)).join(", "),
        }),
        details(T.showTable, table(T.topTitle, T.topCols, rows, [true, false, false, true])),
      ]),
    );
    const streaks = streaksCard();
    if (streaks) cards.push(streaks);
    const past = pastSeasons();
    if (past) cards.push(past);
    replace(panel, cards);
    C.bars(document.getElementById("top-chart"), {
      items: items.map((p) => ({
        label: p.rank + ". " + shownName(p) + (p.guild ? " (" + p.guild + ")" : "") + (isMe(p) ? " · " + T.you : ""),
        value: num(p.points),
        shown: N(p.points),
        highlight: isMe(p),
      })),
      colours: {
        bar: colours.neutral,
        highlight: colours.points,
        highlightText: colours.pointsText,
        text: colours.text,
        track: colours.track,
      },
    });
  }

  // ---- tabs and Telegram's buttons ----------------------------------------

  function tabButton(name) {
    return document.getElementById("tab-" + name);
  }

  function show(name, focus) {
    if (!(name in PANELS)) return;
    if (name !== active && tg && supports("6.1")) call(() => tg.HapticFeedback.selectionChanged());
    active = name;
    for (const k of ORDER) {
      const on = k === name;
      const b = tabButton(k);
      b.setAttribute("aria-selected", String(on));
      b.tabIndex = on ? 0 : -1;
      document.getElementById("panel-" + k).hidden = !on;
    }
    if (focus) tabButton(name).focus();
    window.scrollTo(0, 0);
    // Charts are sized to the panel, so a panel is drawn when it shows.
    dirty.add(name);
    draw();
  }

  let mainHandler = null;
  function syncButtons() {
    if (!tg) return;
    if (supports("6.1")) {
      call(() => (active === ORDER[0] ? tg.BackButton.hide() : tg.BackButton.show()));
    }
    call(function () {
      if (mainHandler) tg.MainButton.offClick(mainHandler);
      mainHandler = null;
      const action = view.mainAction;
      if (action) {
        mainHandler = action.run;
        tg.MainButton.setText(action.text);
        tg.MainButton.onClick(mainHandler);
        tg.MainButton.show();
      } else {
        tg.MainButton.hide();
      }
    });
  }

  function setupTabs() {
    for (const k of ORDER) {
      tabButton(k).addEventListener("click", () => show(k, false));
    }
    document.querySelector(".tabs").addEventListener("keydown", function (ev) {
      const i = ORDER.indexOf(active);
      const next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: ORDER.length - 1 }[ev.key];
      if (next === undefined) return;
      ev.preventDefault();
      show(ORDER[(next + ORDER.length) % ORDER.length], true);
    });
    if (tg && supports("6.1")) call(() => tg.BackButton.onClick(() => show(ORDER[0], false)));
  }

  function redrawAll() {
    ORDER.forEach((k) => dirty.add(k));
    draw();
  }

  // ---- start ----------------------------------------------------------------

  applyTheme();
  setupTabs();
  if (tg) {
    call(() => tg.ready());
    call(() => tg.expand());
    call(() =>
      tg.onEvent("themeChanged", function () {
        applyTheme();
        redrawAll();
      }),
    );
  }
  if (window.matchMedia) {
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    if (query.addEventListener) {
      query.addEventListener("change", function () {
        applyTheme();
        redrawAll();
      });
    }
  }
  // Charts follow the width (rotation, a resized window); redrawn once per frame.
  let lastWidth = document.getElementById("main").clientWidth;
  let pending = false;
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      const w = document.getElementById("main").clientWidth;
      if (w === lastWidth || pending) return;
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        lastWidth = document.getElementById("main").clientWidth;
        redrawAll();
      });
    }).observe(document.getElementById("main"));
  }
  // The personal figures first: they are what the first tab shows.
  ["me", "daily", "competition", "mix", "standings", "board", "hall", "seasons", "streaks"].forEach(load);
})();
