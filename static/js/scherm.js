/* The screen on every page, at every width, and what an edit in place does to focus.
   No inline script is needed, so the Content-Security-Policy can forbid them.

   - Every table in <main> scrolls inside a box of its own (.scroll) instead of widening
     the page; a page or fragment that forgot the box gets one here, so new pages need
     nothing. A box that scrolls and has nothing to focus becomes focusable, so that
     keyboard users can scroll it too.
   - The roadmap opens at today's quarter on a narrow screen.
   - A form that opens in place is scrolled into view and its first field (or the first
     one with an error) gets the focus; after a save the row is highlighted and its link
     gets the focus back; the status message (#melding, aria-live) says so. */
(function () {
  "use strict";

  var SMAL_ANIMATIE = window.matchMedia("(prefers-reduced-motion: reduce)");
  var VELDEN = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
  var FOCUSBAAR = "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]";
  var opener = null; // the link that opened the form now in view

  function gedrag() {
    return SMAL_ANIMATIE.matches ? "auto" : "smooth";
  }

  function naamVan(kader) {
    var tabel = kader.querySelector("table");
    var bijschrift = tabel && tabel.querySelector("caption");
    if (bijschrift) {
      return bijschrift.textContent.trim();
    }
    var sectie = kader.closest("section, article, main");
    var kop = sectie && sectie.querySelector("h1, h2, h3");
    return kop ? kop.textContent.trim() : document.title;
  }

  function kaderTabellen(root) {
    root.querySelectorAll("main table").forEach(function (tabel) {
      if (tabel.closest(".scroll")) {
        return;
      }
      var kader = document.createElement("div");
      kader.className = "scroll";
      tabel.parentNode.insertBefore(kader, tabel);
      kader.appendChild(tabel);
    });
    if (root.matches && root.matches("table") && !root.closest(".scroll")) {
      kaderTabellen(root.parentNode);
    }
  }

  function meetKader(kader) {
    var schuift = kader.scrollWidth > kader.clientWidth + 1;
    kader.classList.toggle("schuift", schuift);
    var eigen = kader.hasAttribute("data-focusbaar");
    if (schuift && !eigen && !kader.querySelector(FOCUSBAAR)) {
      kader.setAttribute("tabindex", "0");
      kader.setAttribute("role", "region");
      kader.setAttribute("aria-label", naamVan(kader));
      kader.setAttribute("data-focusbaar", "");
    } else if (!schuift && eigen) {
      ["tabindex", "role", "aria-label", "data-focusbaar"].forEach(function (a) {
        kader.removeAttribute(a);
      });
    }
  }

  /* On a narrow screen the roadmap starts at today's quarter: the first column (the baat)
     stays, today's quarter and the next ones follow it. */
  function roadmapNaarNu(root) {
    root.querySelectorAll(".scroll table.roadmap").forEach(function (tabel) {
      var kader = tabel.closest(".scroll");
      var nu = tabel.querySelector("thead th.nu");
      var eerste = tabel.querySelector("thead th");
      if (!nu || !eerste || kader.scrollWidth <= kader.clientWidth + 1) {
        return;
      }
      kader.scrollLeft = nu.offsetLeft - eerste.offsetWidth;
    });
  }

  function alles(root) {
    kaderTabellen(root);
    document.querySelectorAll(".scroll").forEach(meetKader);
    roadmapNaarNu(root);
  }

  function zichtbaar(el) {
    return el.offsetWidth > 0 || el.offsetHeight > 0 || el.getClientRects().length > 0;
  }

  function eersteVeld(form) {
    var velden = Array.prototype.filter.call(form.querySelectorAll(VELDEN), function (v) {
      // Of a radio group, the one Tab would land on: the checked radio, else the first.
      if (v.type === "radio" && v.name) {
        var groep = form.querySelectorAll("input[type=radio][name='" + v.name + "']");
        var gekozen = form.querySelector("input[type=radio][name='" + v.name + "']:checked");
        if (v !== (gekozen || groep[0])) {
          return false;
        }
      }
      return zichtbaar(v);
    });
    var fout = velden.filter(function (v) {
      return v.closest(".met-fout") || v.getAttribute("aria-invalid") === "true";
    });
    return fout[0] || velden[0] || form.querySelector("button[type=submit], button:not([type])");
  }

  function toonFormulier(bewerk) {
    bewerk.scrollIntoView({ behavior: gedrag(), block: "start" });
    // Who already clicked or typed into the form keeps the focus where they put it.
    if (bewerk.contains(document.activeElement)) {
      return;
    }
    var veld = eersteVeld(bewerk);
    if (veld) {
      veld.focus({ preventScroll: true });
    }
  }

  function padVan(adres) {
    try {
      return new URL(adres, window.location.href).pathname;
    } catch (e) {
      return "";
    }
  }

  function linkNaar(root, pad) {
    if (!pad) {
      return null;
    }
    var links = root.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i += 1) {
      if (padVan(links[i].getAttribute("href")) === pad) {
        return links[i];
      }
    }
    return null;
  }

  function licht(el) {
    el.classList.remove("net-opgeslagen");
    // Restart the animation when the same row is saved twice in a row.
    void el.offsetWidth;
    el.classList.add("net-opgeslagen");
    window.setTimeout(function () {
      el.classList.remove("net-opgeslagen");
    }, 3000);
  }

  /* Sent by the server with a save (views.bewaard): which section, and the address of the
     saved row's own link, if it has one. */
  document.body.addEventListener("bp:opgeslagen", function (event) {
    var detail = event.detail || {};
    var sectie = (detail.sectie && document.querySelector(detail.sectie)) ||
      document.querySelector("main");
    var link = linkNaar(sectie, padVan(detail.rij || ""));
    var doel = (link && link.closest("td.cel, tr, li, .baatblok, article")) || sectie;
    licht(doel);
    var focus = link || (opener && linkNaar(sectie, padVan(opener)));
    if (!focus) {
      focus = sectie.querySelector("h2, h3") || sectie;
      focus.setAttribute("tabindex", "-1");
    }
    focus.focus({ preventScroll: true });
    doel.scrollIntoView({ behavior: gedrag(), block: "nearest" });
    opener = null;
  });

  function sluitknop(melding) {
    if (melding.querySelector(".sluit")) {
      return;
    }
    var knop = document.createElement("button");
    knop.type = "button";
    knop.className = "sluit";
    // Its name in the page's language, from base.html (data-melding-sluiten on <body>).
    knop.setAttribute("aria-label", document.body.dataset.meldingSluiten || "×");
    knop.textContent = "×";
    knop.addEventListener("click", function () {
      melding.remove();
    });
    melding.appendChild(knop);
  }

  /* The status message floats at the bottom of the screen, where it is seen wherever the
     user scrolled to; one without an action (a save) leaves by itself. */
  function toonMelding(houder) {
    var melding = houder.firstElementChild;
    if (!melding) {
      return;
    }
    if (melding.querySelector("form, a")) {
      // One with an action (undo) stays until it is closed or replaced.
      sluitknop(melding);
    } else {
      var weg = function () {
        // Not while the user reads it with the pointer on it or the focus in it.
        if (melding.matches(":hover, :focus-within")) {
          window.setTimeout(weg, 2000);
        } else {
          melding.remove();
        }
      };
      window.setTimeout(weg, 8000);
    }
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.matches && elt.matches("a[hx-get]") && !elt.closest(".bewerk")) {
      opener = elt.getAttribute("href");
    }
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.querySelector) {
      return;
    }
    var houder = elt.id === "melding" ? elt : null;
    if (houder) {
      toonMelding(houder);
      return;
    }
    var bewerk = elt.matches(".bewerk") ? elt : elt.querySelector(".bewerk");
    if (bewerk && bewerk.querySelector("form")) {
      toonFormulier(bewerk);
      return;
    }
    // A quick form (Mijn baten) that came back with an error: its first wrong field.
    var fout = elt.querySelector(".met-fout");
    if (fout && !elt.contains(document.activeElement)) {
      var veld = eersteVeld(fout);
      if (veld) {
        veld.focus();
      }
      return;
    }
    // Cancelled: back to the link that opened the form.
    if (opener && !document.activeElement.closest("main")) {
      var terug = linkNaar(elt, padVan(opener));
      if (terug) {
        terug.focus();
      }
      opener = null;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    alles(document);
    var houder = document.getElementById("melding");
    if (houder) {
      toonMelding(houder);
    }
  });
  document.addEventListener("htmx:load", function (event) {
    alles(event.detail.elt);
  });
  var wacht = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(wacht);
    wacht = window.setTimeout(function () {
      document.querySelectorAll(".scroll").forEach(meetKader);
    }, 150);
  });
})();
