/* Caravan's page behaviours. They live here, not in inline <script> blocks, so the
   Content-Security-Policy can forbid inline code, and so nothing in a cached
   storefront fragment depends on a per-request nonce. Each behaviour starts only
   where its markup is on the page; clicks are delegated so htmx swaps keep working. */
(function () {
  "use strict";

  function each(selector, fn, root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  // Messaging: a quick-reply phrase fills the textarea; editing it afterwards makes
  // it an ordinary (machine-translated) message.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-phrase]");
    if (!button || !button.form) return;
    var body = button.form.querySelector("[name=body]");
    var key = button.form.querySelector("[name=phrase_key]");
    if (!body || !key) return;
    body.value = button.dataset.text;
    key.value = button.dataset.phrase;
    body.focus();
  });

  // The small rich-text editor (templates/includes/rich_text_toolbar.html): the textarea
  // the toolbar names becomes an editable box; every change is written back to the
  // textarea as HTML, which the server cleans with its one sanitiser before storing it.
  // Hand-written (a few lines of execCommand) because the packaged editors need a CDN,
  // inline styles or far more script than a description's bold, lists and headings.
  // HTML for the editable box, parsed in an inert document first: no script, style or
  // event-handler attribute ever reaches the page (the server's sanitiser has the last word).
  var RTE_ATTRIBUTES = ["href", "title", "colspan"];
  function rteClean(html) {
    // Style and event-handler attributes go before parsing: even an inert parse reports them to the CSP.
    var stripped = (html || "").replace(/\s(?:on[a-z]+|style)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, "");
    var template = document.createElement("template");
    template.innerHTML = stripped;
    var root = template.content;
    each("script, style, iframe, object, embed, link, meta, img", function (el) { el.remove(); }, root);
    each("*", function (el) {
      Array.prototype.slice.call(el.attributes).forEach(function (attribute) {
        if (RTE_ATTRIBUTES.indexOf(attribute.name) < 0) el.removeAttribute(attribute.name);
      });
    }, root);
    var holder = document.createElement("div");
    holder.appendChild(root);
    return holder.innerHTML;
  }

  function richText(toolbar) {
    var area = document.getElementById(toolbar.dataset.rteFor);
    if (!area || area.dataset.rteReady) return;
    area.dataset.rteReady = "1";
    var box = document.createElement("div");
    box.className = "rte-box";
    box.contentEditable = "true";
    box.setAttribute("role", "textbox");
    box.setAttribute("aria-multiline", "true");
    box.setAttribute("data-testid", "rich-text");
    var label = document.querySelector('label[for="' + area.id + '"]');
    if (label) box.setAttribute("aria-label", label.textContent.trim());
    box.innerHTML = rteClean(area.value);
    area.parentNode.insertBefore(box, area);
    area.hidden = true;
    toolbar.hidden = false;
    area.parentNode.insertBefore(toolbar, box);
    document.execCommand("defaultParagraphSeparator", false, "p");
    document.execCommand("styleWithCSS", false, false);
    function save() { area.value = box.innerHTML; }
    box.addEventListener("input", save);
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-rte]");
      if (!button) return;
      var command = button.dataset.rte;
      if (command === "source") {
        var source = box.hidden;
        if (source) { box.innerHTML = rteClean(area.value); } else { save(); }
        box.hidden = !source;
        area.hidden = source;
        button.setAttribute("aria-pressed", source ? "false" : "true");
        (source ? box : area).focus();
        return;
      }
      box.focus();
      if (command === "heading") document.execCommand("formatBlock", false, "h3");
      else if (command === "paragraph") document.execCommand("formatBlock", false, "p");
      else document.execCommand(command, false, null);
      save();
    });
    if (area.form) area.form.addEventListener("submit", function () { if (!box.hidden) save(); });
  }
  each(".rte-toolbar[data-rte-for]", richText);

  // A form that destroys something (a listing's photo) asks first: data-confirm holds the question.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  }, true);

  // Storefront listing page: the gallery, the quantity steppers, the stock bound.
  function listingPage() {
    var main = document.getElementById("gallery-main");
    each(".gallery-thumb", function (thumb) {
      thumb.addEventListener("click", function () {
        if (main) main.src = thumb.dataset.full;
        each(".gallery-thumb", function (t) { t.classList.toggle("active", t === thumb); });
      });
    });
    var lots = document.getElementById("lots");
    if (!lots) return;
    // The form's input event asks htmx for the new price box.
    each("[data-step]", function (button) {
      button.addEventListener("click", function () {
        var max = parseInt(lots.max, 10) || 1;
        var next = (parseInt(lots.value, 10) || 1) + parseInt(button.dataset.step, 10);
        lots.value = Math.min(max, Math.max(1, next));
        lots.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
    document.body.addEventListener("htmx:afterSwap", function () {
      var box = document.getElementById("price-box");
      if (!box) return;
      var stock = parseInt(box.dataset.stock, 10) || 0;
      lots.max = Math.max(stock, 1);
      lots.disabled = stock === 0;
      if (parseInt(lots.value, 10) > stock && stock > 0) lots.value = box.dataset.lots;
    });
  }

  // Listing page: "Add to cart" posts the variant and quantity chosen in the buy form
  // (a GET form, so no CSRF token ends up in its URLs). Without JavaScript the hidden
  // fields hold what the page was last rendered with.
  document.addEventListener("submit", function (event) {
    var cartForm = event.target.closest("[data-cart-form]");
    var buy = document.getElementById("buy-form");
    if (!cartForm || !buy) return;
    var variant = buy.querySelector("[name=variant]:checked") || buy.querySelector("input[type=hidden][name=variant]");
    var lots = buy.querySelector("[name=lots]");
    if (variant) cartForm.querySelector("[name=variant]").value = variant.value;
    if (lots) cartForm.querySelector("[name=lots]").value = lots.value;
    // The origin picked in the price box ("ships from"); the box names the one it shows.
    var from = document.querySelector("#price-box [name=from]:checked");
    var shipsFrom = cartForm.querySelector("[name=ships_from]");
    var box = document.getElementById("price-box");
    if (shipsFrom && from) shipsFrom.value = from.value;
    else if (shipsFrom && box && box.dataset.origin !== undefined) shipsFrom.value = box.dataset.origin;
  });

  // Storefront browse pages: on a phone the filters start folded, so the products come first.
  function foldFilters() {
    if (!window.matchMedia("(max-width: 900px)").matches) return;
    each("details[data-fold-on-phone]", function (box) { box.open = false; });
  }

  // Seller application: the chosen country's registration-number help and currency.
  function applyForm() {
    var data = document.getElementById("seller-countries");
    var select = document.getElementById("id_country");
    if (!data || !select) return;
    var accepted = JSON.parse(data.textContent);
    var help = document.getElementById("id_registration_number_helptext");
    var currency = document.getElementById("settlement-currency");
    var refusal = document.getElementById("country-refusal");
    var defaultHelp = select.form.dataset.helpDefault;
    function update(changed) {
      var info = accepted[select.value];
      if (help) help.textContent = info ? info.help : defaultHelp;
      if (currency) currency.textContent = info ? info.currency : "";
      if (changed) {
        var field = select.closest(".field");
        each(".field-error", function (e) { e.remove(); }, field);
        field.classList.remove("has-error");
        if (refusal) refusal.hidden = !select.value || !!info;
      }
    }
    select.addEventListener("change", function () { update(true); });
    update(false);
  }

  // Seller centre listing editor.
  function listingEditor() {
    // "Add a row": clone the formset's empty row and count it in TOTAL_FORMS.
    each("[data-formset]", function (box) {
      var prefix = box.getAttribute("data-formset");
      var button = box.querySelector("[data-add-row]");
      var template = box.querySelector("template[data-empty-row]");
      var total = box.querySelector("#id_" + prefix + "-TOTAL_FORMS");
      var max = box.querySelector("#id_" + prefix + "-MAX_NUM_FORMS");
      if (!button || !template || !total) return;
      button.addEventListener("click", function () {
        var n = parseInt(total.value, 10);
        if (max && n >= parseInt(max.value, 10)) return;
        var html = template.innerHTML.replace(/__prefix__/g, String(n));
        box.querySelector("[data-rows]").insertAdjacentHTML("beforeend", html);
        total.value = String(n + 1);
        var rows = box.querySelectorAll("[data-rows] [data-row]");
        var first = rows[rows.length - 1].querySelector("input");
        if (first) first.focus();
      });
    });
    // Photos chosen: say how many before they are uploaded.
    var files = document.getElementById("id_photos");
    var chosen = document.querySelector("[data-chosen]");
    if (files && chosen) {
      files.addEventListener("change", function () {
        var n = files.files.length;
        chosen.textContent = n === 1 ? files.files[0].name : n + " " + chosen.dataset.chosenLabel;
      });
    }
    // After a refused save, take the seller to the first marked field.
    var firstError = document.querySelector(
      ".listing-form .has-error input, .listing-form .has-error select, .listing-form .has-error textarea");
    if (firstError) {
      firstError.focus({ preventScroll: true });
      firstError.scrollIntoView({ block: "center" });
    }
    // The variants table's option columns carry the option names.
    [1, 2].forEach(function (n) {
      var input = document.getElementById("id_option" + n + "_name");
      var header = document.querySelector("[data-option-header='" + n + "']");
      if (!input || !header) return;
      var fallback = header.getAttribute("data-fallback") || header.textContent;
      input.addEventListener("input", function () { header.textContent = input.value.trim() || fallback; });
    });
  }

  // Seller centre listings table: "select all" and the count of ticked rows.
  function bulkSelection() {
    var all = document.getElementById("select-all");
    var count = document.getElementById("bulk-count");
    if (!all || !count) return;
    var idle = count.textContent;
    var boxes = function () { return document.querySelectorAll(".row-check"); };
    var update = function () {
      var ticked = Array.prototype.filter.call(boxes(), function (b) { return b.checked; }).length;
      count.textContent = ticked ? count.dataset.selectedLabel + " " + ticked : idle;
      all.checked = ticked > 0 && ticked === boxes().length;
    };
    all.addEventListener("change", function () {
      each(".row-check", function (b) { b.checked = all.checked; });
      update();
    });
    document.addEventListener("change", function (e) {
      if (e.target.classList && e.target.classList.contains("row-check")) update();
    });
  }

  function start() {
    listingPage();
    foldFilters();
    applyForm();
    listingEditor();
    bulkSelection();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
