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

  /* On a phone two charts are drawn otherwise than the server's figure (which the PDF
     draws too): the five traffic lights stand in a column with their names beside them,
     instead of names turned on their side; the roadmap shows today's quarter and the two
     after it, with the baat's code for its name and the actual fase beside its bar. */
  var SMAL = 560;

  function lichtenStaand(figuur) {
    var spoor = figuur.data[0];
    var namen = spoor.x;
    spoor.y = namen;
    spoor.x = namen.map(function () { return 0; });
    spoor.textposition = "middle right";
    spoor.marker.size = 28;
    spoor.hovertemplate = "%{y}: %{text}<br>%{customdata}<extra></extra>";
    figuur.layout.height = 42 * namen.length + 20;
    figuur.layout.margin = { l: 10, r: 10, t: 10, b: 10 };
    figuur.layout.xaxis = { visible: false, range: [-0.4, 3], fixedrange: true };
    figuur.layout.yaxis = {
      type: "category", autorange: "reversed", automargin: true, showgrid: false,
      zeroline: false, fixedrange: true
    };
    return figuur;
  }

  function roadmapVanafNu(figuur) {
    var layout = figuur.layout;
    var aantal = layout.xaxis.range[1];
    var lijn = (layout.shapes || [])[0];
    var nu = lijn ? Math.min(Math.floor(lijn.x0), aantal - 1) : 0;
    var begin = Math.max(0, Math.min(nu, aantal - 3));
    layout.xaxis.range = [begin, Math.min(begin + 3, aantal)];
    layout.yaxis.ticktext = layout.yaxis.ticktext.map(function (t) { return t.split(" ")[0]; });
    // "actueel: ..." moves from a column right of the quarters to beside today's bar.
    (layout.annotations || []).forEach(function (a) {
      if (a.xref === "paper" && a.x > 1) {
        a.xref = "x";
        a.x = nu + 1.05;
      }
    });
    layout.margin = { l: 10, r: 10, t: 30, b: 60 };
    return figuur;
  }

  function voorScherm(el, figuur) {
    var smal = el.clientWidth < SMAL;
    el.setAttribute("data-smal", smal ? "ja" : "nee");
    if (!smal) {
      return figuur;
    }
    var soort = el.getAttribute("data-grafiek");
    if (soort === "grafiek-stuurparameters") {
      return lichtenStaand(figuur);
    }
    if (soort === "grafiek-roadmap" && figuur.layout.xaxis && figuur.layout.xaxis.range) {
      return roadmapVanafNu(figuur);
    }
    return figuur;
  }

  function teken(el) {
    var bron = document.getElementById(el.getAttribute("data-grafiek"));
    if (!bron || typeof window.Plotly === "undefined") {
      return;
    }
    var figuur = voorScherm(el, JSON.parse(bron.textContent));
    window.Plotly.react(el, figuur.data, figuur.layout, {
      displaylogo: false,
      responsive: true,
      // Months and decimal sign of the page's language: plotly.js's own "en", or "nl".
      locale: document.documentElement.lang === "en" ? "en" : "nl",
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
  // A phone turned on its side: redraw the charts that are drawn otherwise when narrow.
  var wacht = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(wacht);
    wacht = window.setTimeout(function () {
      document.querySelectorAll("[data-grafiek][data-smal]").forEach(function (el) {
        if (el.getAttribute("data-smal") !== (el.clientWidth < SMAL ? "ja" : "nee")) {
          teken(el);
        }
      });
    }, 200);
  });
})();
