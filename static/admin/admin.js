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
});
