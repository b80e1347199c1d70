// Keyboard shortcuts and bulk selection for the moderation queue. Everything also works without
// this file: every action is a real button or link reachable with Tab.
(function () {
  "use strict";

  var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
  var help = document.getElementById("pikanappaimet");
  var current = -1;

  function select(index) {
    if (!items.length) { return; }
    index = Math.max(0, Math.min(items.length - 1, index));
    if (current >= 0 && items[current]) { items[current].classList.remove("is-current"); }
    current = index;
    items[current].classList.add("is-current");
    items[current].focus();
  }

  function currentItem() {
    if (current < 0) {
      var holder = document.activeElement && document.activeElement.closest(".queue-item");
      if (!holder) { return null; }
      current = items.indexOf(holder);
    }
    return items[current] || null;
  }

  function press(key) {
    var item = currentItem();
    if (!item) { return false; }
    var target = item.querySelector('[data-shortcut="' + key + '"]');
    if (!target) { return false; }
    if (key === "r") {
      var reason = target.form && target.form.querySelector('input[name="reason"]');
      if (reason && document.activeElement !== reason && !reason.value) {
        reason.focus();
        return true;
      }
    }
    target.click();
    return true;
  }

  function typing(element) {
    if (!element) { return false; }
    var tag = element.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable ||
      (tag === "INPUT" && !/^(checkbox|radio|button|submit)$/.test(element.type));
  }

  document.addEventListener("focusin", function (event) {
    var holder = event.target.closest && event.target.closest(".queue-item");
    if (holder) {
      var index = items.indexOf(holder);
      if (index !== current) {
        if (current >= 0 && items[current]) { items[current].classList.remove("is-current"); }
        current = index;
        holder.classList.add("is-current");
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var handled = false;
    switch (event.key) {
      case "j": select(current + 1); handled = true; break;
      case "k": select(current - 1); handled = true; break;
      case "a": case "r": case "s": case "e": handled = press(event.key); break;
      case "x":
        var item = currentItem();
        var box = item && item.querySelector(".select-box");
        if (box) { box.checked = !box.checked; handled = true; }
        break;
      case "?":
        if (help) {
          help.open = !help.open;
          if (help.open) { help.querySelector("summary").focus(); }
          handled = true;
        }
        break;
    }
    if (handled) { event.preventDefault(); }
  });

  // "Select all" for bulk actions: only useful with JS, so it is created here.
  var bulk = document.getElementById("joukkotoiminto");
  if (bulk && items.length) {
    var wrapper = document.createElement("p");
    var all = document.createElement("input");
    all.type = "checkbox";
    all.id = "valitse-kaikki";
    var label = document.createElement("label");
    label.htmlFor = all.id;
    label.textContent = "Valitse kaikki tämän sivun kommentit";
    wrapper.className = "select-all";
    wrapper.appendChild(all);
    wrapper.appendChild(label);
    bulk.insertBefore(wrapper, bulk.querySelector(":scope > p"));
    all.addEventListener("change", function () {
      document.querySelectorAll(".select-box").forEach(function (box) { box.checked = all.checked; });
    });
  }
})();
