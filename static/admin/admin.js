// "Tick all" / "Untick all" buttons: <button type="button" data-tick="NAME" data-value="true|false">.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-tick]");
  if (!button) {
    return;
  }
  var ticked = button.getAttribute("data-value") === "true";
  var boxes = document.querySelectorAll('input[type="checkbox"][name="' + button.getAttribute("data-tick") + '"]');
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].checked = ticked;
  }
  updateSummaries();
});

// A form with data-summary="ID" keeps that element's count of the ticked
// boxes (with data-activities and data-cents) in step with the ticks.
function updateSummaries() {
  var forms = document.querySelectorAll("form[data-summary]");
  for (var f = 0; f < forms.length; f++) {
    var summary = document.getElementById(forms[f].getAttribute("data-summary"));
    var boxes = forms[f].querySelectorAll('input[type="checkbox"][data-cents]');
    var people = 0, activities = 0, cents = 0;
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].checked) {
        people += 1;
        activities += parseInt(boxes[i].getAttribute("data-activities"), 10) || 0;
        cents += parseInt(boxes[i].getAttribute("data-cents"), 10) || 0;
      }
    }
    if (summary) {
      // The sentence comes from the translation files, as data: see render().
      var parts = JSON.parse(summary.getAttribute("data-message") || "[]");
      var points = { value: cents / 100, decimals: 2 };
      summary.textContent = render(parts, { ticked: people, total: boxes.length, activities: activities, points: points },
        summary.getAttribute("lang") || document.documentElement.lang || "en");
    }
  }
}

document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches('input[type="checkbox"][data-cents]')) {
    updateSummaries();
  }
});

// Renders a message given as data by the server (src/i18n/data.rs): text,
// {"var": name} and {"select": name, "variants": {...}, "default": key},
// choosing plural forms the way the page's language does.
function render(parts, args, locale) {
  var out = "";
  for (var i = 0; i < parts.length; i++) {
    var part = parts[i];
    if (typeof part === "string") {
      out += part;
    } else if (part.var !== undefined) {
      out += show(args[part.var], locale);
    } else if (part.select !== undefined) {
      var value = args[part.select];
      var number = value && typeof value === "object" ? value.value : value;
      var key = String(number);
      if (!(key in part.variants) && typeof number === "number") {
        var options = value && typeof value === "object" ? { minimumFractionDigits: value.decimals } : {};
        key = new Intl.PluralRules(locale, options).select(number);
      }
      out += render(part.variants[key] || part.variants[part["default"]] || [], args, locale);
    }
  }
  return out;
}

function show(value, locale) {
  if (value && typeof value === "object") {
    return new Intl.NumberFormat(locale, {
      minimumFractionDigits: value.decimals, maximumFractionDigits: value.decimals, useGrouping: false
    }).format(value.value);
  }
  if (typeof value === "number") {
    return new Intl.NumberFormat(locale, { useGrouping: false }).format(value);
  }
  return value === undefined ? "" : String(value);
}

// An element with data-progress-url follows a sending: its [data-count]
// children take the figures of that JSON document every two seconds until
// it is finished, and a [data-hide-when-finished] form is hidden then.
(function () {
  var box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch) {
    return;
  }
  function update() {
    fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (figures) {
        if (!figures) {
          return;
        }
        var fields = box.querySelectorAll("[data-count]");
        for (var i = 0; i < fields.length; i++) {
          var value = figures[fields[i].getAttribute("data-count")];
          if (fields[i].tagName === "PROGRESS") {
            fields[i].value = value;
            fields[i].textContent = value + " / " + figures.recipients;
          } else {
            fields[i].textContent = value;
          }
        }
        if (figures.finished) {
          var forms = document.querySelectorAll("[data-hide-when-finished]");
          for (var j = 0; j < forms.length; j++) {
            forms[j].hidden = true;
          }
        } else {
          setTimeout(update, 2000);
        }
      })
      .catch(function () { setTimeout(update, 5000); });
  }
  setTimeout(update, 1000);
})();
