/* Narrow the city list to the chosen province and the park list to the chosen city.
   Options carry data-parent (see enterprises/forms.py ParentSelect); without this script
   the lists are grouped by province and city and the server checks the choice. */
(function () {
  function narrow(parent, child) {
    if (!parent || !child) return;
    function apply() {
      var chosen = parent.value;
      Array.prototype.forEach.call(child.querySelectorAll("option[data-parent]"), function (opt) {
        var keep = !chosen || opt.getAttribute("data-parent") === chosen;
        opt.hidden = !keep;
        opt.disabled = !keep;
        if (!keep && opt.selected) child.value = "";
      });
      Array.prototype.forEach.call(child.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      child.dispatchEvent(new Event("narrowed"));
    }
    parent.addEventListener("change", apply);
    parent.addEventListener("narrowed", apply);
    apply();
  }
  document.addEventListener("DOMContentLoaded", function () {
    narrow(document.getElementById("id_province"), document.getElementById("id_city"));
    narrow(document.getElementById("id_city"), document.getElementById("id_park"));
  });
})();
