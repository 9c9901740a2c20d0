// The Mini App: reads the personal and public API with Telegram's initData.
// Everything is drawn with textContent, never HTML from the server.
"use strict";

(function () {
  const tg = window.Telegram && window.Telegram.WebApp;
  const initData = tg ? tg.initData : "";
  if (tg) {
    tg.ready();
    tg.expand();
  }
  const status = document.getElementById("status");

  async function get(path, personal) {
    const headers = personal ? { "X-Telegram-Init-Data": initData } : {};
    const resp = await fetch("/api/v1" + path, { headers: headers });
    const body = await resp.json();
    if (!resp.ok) {
      throw new Error(body.message || "The request failed.");
    }
    return body;
  }

  function cell(row, text, numeric) {
    const td = document.createElement("td");
    td.textContent = text;
    if (numeric) td.className = "num";
    row.appendChild(td);
    return td;
  }

  function showMe(me, daily) {
    document.getElementById("me-summary").textContent =
      me.first_name + ": " + me.points + " points · rank " + me.global_rank + " of " + me.participants +
      (me.guild ? " · " + me.guild + " rank " + me.guild_rank + " of " + me.guild_participants : "");
    const table = document.getElementById("me-daily");
    const body = table.querySelector("tbody");
    // Newest first, days with activity or a change of rank.
    let previousRank = null;
    const rows = [];
    for (const day of daily.days) {
      if (day.points !== "0.00" || day.rank !== previousRank) rows.push(day);
      previousRank = day.rank;
    }
    for (const day of rows.reverse()) {
      const tr = document.createElement("tr");
      cell(tr, day.date.slice(5));
      cell(tr, day.points, true);
      cell(tr, day.total, true);
      cell(tr, String(day.rank), true);
      body.appendChild(tr);
    }
    table.hidden = rows.length === 0;
  }

  function showGuilds(standings) {
    const body = document.querySelector("#guilds tbody");
    const best = Math.max(1, ...standings.items.map((g) => parseFloat(g.average)));
    for (const g of standings.items) {
      const tr = document.createElement("tr");
      cell(tr, String(g.rank));
      cell(tr, g.name);
      const avg = cell(tr, g.average + " ", true);
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = Math.round((parseFloat(g.average) / best) * 60) + "px";
      avg.appendChild(bar);
      cell(tr, g.participation_percent + " %", true);
      // The trend: what the guild's average grew by over the last 7 days.
      cell(tr, "+" + g.week_gain, true);
      body.appendChild(tr);
    }
  }

  function showFame(board) {
    const list = document.getElementById("fame");
    for (const p of board.items) {
      const li = document.createElement("li");
      li.textContent = p.first_name + (p.guild ? " (" + p.guild + ")" : "") + " — " + p.points;
      list.appendChild(li);
    }
  }

  async function load() {
    const [standings, board] = await Promise.all([
      get("/standings?limit=100", false),
      get("/leaderboard?limit=10", false),
    ]);
    showGuilds(standings);
    showFame(board);
    if (!initData) {
      status.textContent = "Open this page from the bot to see your own progress.";
      return;
    }
    const [me, daily] = await Promise.all([get("/me", true), get("/me/daily", true)]);
    showMe(me, daily);
    status.textContent = "";
    status.hidden = true;
  }

  load().catch(function (err) {
    status.textContent = err.message;
  });
})();
