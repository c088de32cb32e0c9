/* Draws every chart on the page from the JSON that the server put beside it
   (`json_script`), and again whenever htmx brings new content. No inline script is needed,
   so the Content-Security-Policy can forbid them. */
(function () {
  "use strict";

  var nl = {
    moduleType: "locale",
    name: "nl",
    dictionary: {},
    format: {
      days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
      shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
      months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december"],
      shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt",
        "nov", "dec"],
      date: "%d-%m-%Y",
      decimal: ",",
      thousands: "."
    }
  };

  function teken(el) {
    var bron = document.getElementById(el.getAttribute("data-grafiek"));
    if (!bron || typeof window.Plotly === "undefined") {
      return;
    }
    var figuur = JSON.parse(bron.textContent);
    window.Plotly.react(el, figuur.data, figuur.layout, {
      displaylogo: false,
      responsive: true,
      locale: "nl",
      displayModeBar: false
    });
    // A chart that links its points (the benefits map): customdata [id, url] of a point
    // with a URL of this site opens that page on a click.
    if (el.hasAttribute("data-grafiek-klik") && !el.dataset.klikGezet && el.on) {
      el.dataset.klikGezet = "1";
      el.on("plotly_click", function (data) {
        var punt = data && data.points && data.points[0];
        var doel = punt && Array.isArray(punt.customdata) ? punt.customdata[1] : null;
        if (typeof doel === "string" && doel.charAt(0) === "/" && doel.charAt(1) !== "/") {
          window.location.assign(doel);
        }
      });
    }
  }

  function tekenAlles(root) {
    if (root.matches && root.matches("[data-grafiek]")) {
      teken(root);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll("[data-grafiek]").forEach(teken);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.Plotly) {
      window.Plotly.register(nl);
    }
    tekenAlles(document);
  });
  document.addEventListener("htmx:load", function (event) {
    tekenAlles(event.detail.elt);
  });
})();
