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
    var points = Math.floor(cents / 100) + "." + ("0" + (cents % 100)).slice(-2);
    if (summary) {
      summary.textContent = people + " of " + boxes.length + " participants ticked: " +
        activities + (activities === 1 ? " activity" : " activities") + " and " + points + " points would go.";
    }
  }
}

document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches('input[type="checkbox"][data-cents]')) {
    updateSummaries();
  }
});
