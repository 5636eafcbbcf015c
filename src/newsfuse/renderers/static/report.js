// Citation marks: a tap or Enter opens the source's sentence (a hover or focus shows it
// by CSS alone); a second tap opens the source below at that sentence.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button.mark");
  document.querySelectorAll(".cite.open").forEach(function (cite) {
    if (!button || cite !== button.parentElement) { cite.classList.remove("open"); }
  });
  if (!button) { return; }
  var cite = button.parentElement;
  if (!cite.classList.contains("open")) { cite.classList.add("open"); return; }
  var target = document.getElementById(button.getAttribute("data-target"));
  if (!target) { return; }
  var details = target.closest("details");
  if (details) { details.open = true; }
  target.classList.add("flash");
  target.scrollIntoView({ block: "center" });
  window.setTimeout(function () { target.classList.remove("flash"); }, 1600);
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape") {
    document.querySelectorAll(".cite.open").forEach(function (cite) { cite.classList.remove("open"); });
  }
});
