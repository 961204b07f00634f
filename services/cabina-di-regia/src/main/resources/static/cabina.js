/* Cabina di regia dashboard: reads /api/indicators, re-reads it when /api/live says the indicators changed.
   Every API call carries the access key the user typed; it stays in this tab (sessionStorage) only. */
(function () {
  "use strict";

  var I18N = {
    it: {
      title: "Cabina di regia", subtitle: "Rete territoriale contro lo sfruttamento lavorativo e il caporalato",
      live: "In diretta", offline: "Non in diretta", updatedAt: "Aggiornato alle",
      from: "Dal", to: "Al", territory: "Territorio", sector: "Settore", intakeChannel: "Canale di contatto",
      partner: "Partner", serviceType: "Tipo di servizio", interval: "Intervallo", apply: "Applica", reset: "Azzera",
      all: "Tutti", funnelTitle: "Percorso delle segnalazioni", timelineTitle: "Andamento nel tempo",
      directoryTitle: "Servizi della rete", serviceName: "Servizio", capacity: "Posti liberi",
      stuckTitle: "Segnalazioni scadute senza risposta", stuckHint: "(le più vecchie prima)",
      suppressionNote: "Per tutelare le persone, i valori inferiori a",
      suppressionNote2: "sono oscurati in ogni vista ed esportazione.",
      suppressedTitle: "Dato oscurato: meno di {k}", download: "Scarica CSV", noRows: "Nessun dato",
      complementTitle: "Dato oscurato perché un totale non riveli un valore piccolo",
      complementNote: "\"n.d.\": oscurato perché un totale non riveli un valore piccolo.",
      accessKey: "Chiave di accesso", signIn: "Entra", signOut: "Esci", badKey: "Chiave non valida",
      forbidden: "Questa chiave non permette di leggere gli indicatori",
      accessHint: "La chiave è fornita dall'amministratore della rete; resta solo in questa scheda del browser.",
      invalid: "Filtro non valido", target: "obiettivo",
      casesOpened: "Casi aperti", casesClosed: "Casi chiusi", casesOpen: "Casi in carico",
      referralsSent: "Segnalazioni inviate", referralsAnswered: "Segnalazioni con risposta",
      referralsAccepted: "Accettate", acceptanceRate: "Tasso di accettazione", referralsDeclined: "Rifiutate",
      referralsWithdrawn: "Ritirate", referralsPending: "In attesa di risposta", referralsOverdue: "Scadute", referralsExpired: "Decadute senza risposta",
      reportedOverdue: "Segnalate in ritardo", expired: "Decadute", state: "Stato",
      placements: "Inserimenti", regularEmploymentPeople: "Persone in lavoro regolare",
      regularEmploymentTarget: "Obiettivo pilota", regularEmploymentProgress: "Avanzamento obiettivo",
      sent: "Inviate", accepted: "Accettate", declined: "Rifiutate", withdrawn: "Ritirate", pending: "In attesa",
      answered: "Con risposta", reasonCode: "Motivo", measure: "Misura", observations: "Osservazioni",
      median: "Mediana", p90: "90° percentile", referralId: "Segnalazione", sender: "Inviante",
      addressee: "Destinatario", urgency: "Urgenza", dueBy: "Scadenza", daysOverdue: "Giorni di ritardo",
      kind: "Tipo", people: "Persone", openInbound: "Segnalazioni aperte ricevute", awaitingAnswer: "Da rispondere",
      inProgress: "In corso", overdue: "Scadute", period: "Periodo",
      "table.cases-by-territory": "Casi per territorio", "table.cases-by-sector": "Casi per settore",
      "table.cases-by-intake-channel": "Casi per canale di contatto",
      "table.referrals-by-partner": "Segnalazioni per partner destinatario",
      "table.referrals-by-service-type": "Segnalazioni per tipo di servizio",
      "table.decline-reasons": "Rifiuti per motivo", "table.response-times": "Tempi",
      "table.placements-by-kind": "Inserimenti per tipo", "table.workload": "Carico di lavoro per partner",
      "table.timeline": "Andamento nel tempo", "table.headline": "Sintesi",
      "v.ALL": "Tutti", "v.HOURS_TO_ANSWER_REFERRAL": "Ore per rispondere a una segnalazione",
      "v.DAYS_FROM_OPENING_TO_PLACEMENT": "Giorni dall'apertura del caso all'inserimento",
      "v.AGRICULTURE": "Agricoltura", "v.TEXTILE": "Tessile", "v.LOGISTICS": "Logistica", "v.CONSTRUCTION": "Edilizia",
      "v.MANUFACTURING": "Manifattura", "v.FOOD_PROCESSING": "Agroalimentare", "v.DOMESTIC_WORK": "Lavoro domestico",
      "v.HOSPITALITY": "Turismo e ristorazione", "v.OTHER": "Altro",
      "v.OUTREACH_TEAM": "Unità di strada", "v.LISTENING_POINT": "Sportello di ascolto", "v.HELPLINE": "Numero verde",
      "v.LABOUR_INSPECTION": "Ispettorato del lavoro", "v.POLICE": "Forze dell'ordine",
      "v.RECEPTION_CENTRE": "Centro di accoglienza", "v.SELF_REFERRAL": "Accesso spontaneo",
      "v.LEGAL_AID": "Assistenza legale", "v.CULTURAL_MEDIATION": "Mediazione culturale", "v.HOUSING": "Alloggio",
      "v.JOB_ORIENTATION": "Orientamento al lavoro", "v.SAFETY_TRAINING": "Formazione sicurezza", "v.HEALTH": "Salute",
      "v.LABOUR_RIGHTS_INFORMATION": "Informazione sui diritti",
      "v.REGULAR_EMPLOYMENT": "Lavoro regolare", "v.TRAINING_COURSE": "Corso di formazione",
      "v.NO_CAPACITY": "Posti esauriti", "v.NOT_ELIGIBLE": "Requisiti mancanti", "v.UNABLE_TO_CONTACT": "Irreperibile",
      "v.PERSON_REFUSED": "La persona ha rifiutato", "v.OUT_OF_AREA": "Fuori zona",
      "v.ROUTINE": "Ordinaria", "v.PRIORITY": "Prioritaria", "v.EMERGENCY": "Emergenza",
      "v.DAY": "Giorno", "v.WEEK": "Settimana", "v.MONTH": "Mese"
    },
    en: {
      title: "Control room", subtitle: "Territorial network against labour exploitation and caporalato",
      live: "Live", offline: "Not live", updatedAt: "Updated at",
      from: "From", to: "To", territory: "Territory", sector: "Sector", intakeChannel: "Intake channel",
      partner: "Partner", serviceType: "Service type", interval: "Interval", apply: "Apply", reset: "Reset",
      all: "All", funnelTitle: "Referral funnel", timelineTitle: "Over time",
      directoryTitle: "Services of the network", serviceName: "Service", capacity: "Free places",
      stuckTitle: "Referrals past their due-by date", stuckHint: "(oldest first)",
      suppressionNote: "To protect people, values below", suppressionNote2: "are hidden in every view and export.",
      suppressedTitle: "Hidden: fewer than {k}", download: "Download CSV", noRows: "No data",
      complementTitle: "Hidden so that a total cannot reveal a small value",
      complementNote: "\"n.d.\": hidden so that a total cannot reveal a small value.",
      accessKey: "Access key", signIn: "Sign in", signOut: "Sign out", badKey: "The key is not valid",
      forbidden: "This key may not read the indicators",
      accessHint: "The network's administrator gives you the key; it stays in this browser tab only.",
      invalid: "Invalid filter", target: "target",
      casesOpened: "Cases opened", casesClosed: "Cases closed", casesOpen: "Open cases",
      referralsSent: "Referrals sent", referralsAnswered: "Referrals answered", referralsAccepted: "Accepted",
      acceptanceRate: "Acceptance rate", referralsDeclined: "Declined", referralsWithdrawn: "Withdrawn",
      referralsPending: "Awaiting an answer", referralsOverdue: "Overdue", referralsExpired: "Expired unanswered",
      reportedOverdue: "Reported overdue", expired: "Expired", state: "State", placements: "Placements",
      regularEmploymentPeople: "People in regular work", regularEmploymentTarget: "Pilot target",
      regularEmploymentProgress: "Progress to target",
      sent: "Sent", accepted: "Accepted", declined: "Declined", withdrawn: "Withdrawn", pending: "Pending",
      answered: "Answered", reasonCode: "Reason", measure: "Measure", observations: "Observations",
      median: "Median", p90: "90th percentile", referralId: "Referral", sender: "Sender", addressee: "Addressee",
      urgency: "Urgency", dueBy: "Due by", daysOverdue: "Days overdue", kind: "Kind", people: "People",
      openInbound: "Open inbound referrals", awaitingAnswer: "Awaiting answer", inProgress: "In progress",
      overdue: "Overdue", period: "Period",
      "table.cases-by-territory": "Cases by territory", "table.cases-by-sector": "Cases by sector",
      "table.cases-by-intake-channel": "Cases by intake channel",
      "table.referrals-by-partner": "Referrals by addressee", "table.referrals-by-service-type": "Referrals by service type",
      "table.decline-reasons": "Declines by reason", "table.response-times": "Timings",
      "table.placements-by-kind": "Placements by kind", "table.workload": "Workload per partner",
      "table.timeline": "Over time", "table.headline": "Summary",
      "v.ALL": "All", "v.HOURS_TO_ANSWER_REFERRAL": "Hours to answer a referral",
      "v.DAYS_FROM_OPENING_TO_PLACEMENT": "Days from case opening to placement"
    }
  };

  var FILTERS = ["from", "to", "territory", "sector", "intakeChannel", "partner", "serviceType", "interval"];
  var HEADLINE = ["casesOpened", "casesClosed", "casesOpen", "referralsSent", "acceptanceRate", "referralsPending",
    "referralsOverdue", "placements", "regularEmploymentPeople"];
  var TABLES = ["cases-by-territory", "cases-by-sector", "cases-by-intake-channel", "referrals-by-partner",
    "referrals-by-service-type", "decline-reasons", "response-times", "placements-by-kind", "workload", "timeline"];
  var SERIES = [["casesOpened", "#0b5fa5"], ["casesClosed", "#6b7280"], ["referralsSent", "#b45309"],
    ["placements", "#15803d"]];

  var params = new URLSearchParams(window.location.search);
  var lang = params.get("lang") === "en" ? "en" : (params.get("lang") === "it" ? "it" : (localStorage.getItem("rete.lang") || "it"));
  var options = {};
  var last = null;
  var renders = 0;

  function t(key) {
    var table = I18N[lang];
    if (table[key] !== undefined) { return table[key]; }
    if (I18N.it[key] !== undefined && lang === "it") { return I18N.it[key]; }
    return key;
  }
  function v(value) {
    if (value === null || value === undefined) { return ""; }
    var key = "v." + value;
    if (I18N[lang][key] !== undefined) { return I18N[lang][key]; }
    if (lang === "en" && /^[A-Z_]+$/.test(value)) {
      return value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, " ");
    }
    return String(value);
  }
  function locale() { return lang === "it" ? "it-IT" : "en-GB"; }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  /** A cell as a reader sees it: suppressed cells keep the server's "<k". */
  function show(cell, kind) {
    if (cell === null || cell === undefined) { return { text: "–", suppressed: false }; }
    if (typeof cell !== "object") {
      if (kind === "NUMBER") { return { text: new Intl.NumberFormat(locale()).format(cell), suppressed: false }; }
      if (kind === "TEXT" && /^\d{4}-\d\d-\d\dT/.test(cell)) {
        return { text: new Date(cell).toLocaleDateString(locale()), suppressed: false };
      }
      return { text: kind === "LABEL" ? v(cell) : String(cell), suppressed: false };
    }
    if (cell.suppressed) { return { text: cell.display, suppressed: true }; }
    if (kind === "RATE") {
      return { text: new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }).format(cell.value), suppressed: false };
    }
    if (kind === "STATISTIC") {
      return { text: new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(cell.value), suppressed: false };
    }
    return { text: new Intl.NumberFormat(locale()).format(cell.value), suppressed: false };
  }

  function query() {
    var q = new URLSearchParams();
    var form = document.getElementById("filters");
    FILTERS.forEach(function (name) {
      var value = form.elements[name].value;
      if (value) { q.set(name, value); }
    });
    return q;
  }

  function translateStatic() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = t(node.getAttribute("data-i18n")); });
    document.querySelectorAll(".lang button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === lang));
    });
    document.title = t("title") + " – Rete";
    setLive(live);
  }

  function fillSelects() {
    var form = document.getElementById("filters");
    FILTERS.forEach(function (name) {
      var select = form.elements[name];
      if (select.tagName !== "SELECT") { return; }
      var current = select.value || params.get(name) || "";
      select.innerHTML = "";
      if (name !== "interval") { select.appendChild(el("option", { value: "" }, t("all"))); }
      (options[name] || []).forEach(function (value) {
        var text = name === "partner" || name === "territory" ? value : v(value);
        select.appendChild(el("option", { value: value }, text));
      });
      if (current && !Array.prototype.some.call(select.options, function (o) { return o.value === current; })) {
        select.appendChild(el("option", { value: current }, current));
      }
      select.value = current || (name === "interval" ? "MONTH" : "");
    });
  }

  function renderHeadline(table) {
    var section = document.getElementById("headline");
    section.innerHTML = "";
    var row = table.rows[0];
    var kinds = {};
    table.columns.forEach(function (c) { kinds[c.key] = c.kind; });
    HEADLINE.forEach(function (key) {
      var shown = show(row[key], kinds[key]);
      var card = el("div", { "class": "card" + (key === "referralsOverdue" ? " warn" : ""), id: "headline-" + key });
      card.appendChild(el("div", { "class": "label" }, t(key)));
      var value = el("div", { "class": "value" + (shown.suppressed ? " suppressed" : ""), "data-value": shown.text }, shown.text);
      if (shown.suppressed) { value.title = suppressedTitle(shown.text); }
      card.appendChild(value);
      if (key === "regularEmploymentPeople") {
        card.appendChild(el("div", { "class": "sub" }, t("target") + " " + row.regularEmploymentTarget));
        var bar = el("div", { "class": "progress" });
        var fill = el("div");
        var progress = row.regularEmploymentProgress;
        fill.style.width = (progress && !progress.suppressed ? Math.min(100, progress.value * 100) : 0) + "%";
        bar.appendChild(fill);
        card.appendChild(bar);
      }
      section.appendChild(card);
    });
  }

  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function renderFunnel(headline) {
    var row = headline.rows[0];
    var steps = [["referralsSent", "#0b5fa5"], ["referralsAccepted", "#15803d"], ["referralsDeclined", "#b91c1c"],
      ["referralsWithdrawn", "#6b7280"], ["referralsPending", "#b45309"], ["referralsOverdue", "#c2410c"],
      ["referralsExpired", "#7c2d12"]];
    var max = 1;
    steps.forEach(function (s) { var c = row[s[0]]; if (c && !c.suppressed) { max = Math.max(max, c.value); } });
    var width = 640, barHeight = 44, gap = 12, labelWidth = 210;
    var root = svg("svg", { viewBox: "0 0 " + width + " " + (steps.length * (barHeight + gap)), role: "img",
      "aria-label": t("funnelTitle") });
    steps.forEach(function (s, i) {
      var cell = row[s[0]];
      var shown = show(cell, "COUNT");
      var y = i * (barHeight + gap);
      var w = cell && !cell.suppressed ? Math.max(2, (width - labelWidth - 80) * cell.value / max) : 0;
      root.appendChild(svg("text", { x: 0, y: y + barHeight * 0.65, "font-size": 20 }, t(s[0])));
      root.appendChild(svg("rect", { x: labelWidth, y: y, width: w, height: barHeight, fill: s[1], rx: 3 }));
      root.appendChild(svg("text", { x: labelWidth + w + 8, y: y + barHeight * 0.68, "font-size": 24,
        "font-weight": 700, fill: shown.suppressed ? "#9ca3af" : "#111827", "data-step": s[0] }, shown.text));
    });
    var target = document.getElementById("funnel");
    target.innerHTML = "";
    target.appendChild(root);
    var rate = show(row.acceptanceRate, "RATE");
    target.appendChild(el("p", { "class": "legend" }, t("acceptanceRate") + ": " + rate.text));
  }

  function renderTimeline(table) {
    var target = document.getElementById("timeline");
    target.innerHTML = "";
    if (!table.rows.length) { target.appendChild(el("p", { "class": "empty" }, t("noRows"))); return; }
    var width = 640, height = 260, left = 40, bottom = 40, top = 10;
    var max = 1;
    table.rows.forEach(function (r) {
      SERIES.forEach(function (s) { var c = r[s[0]]; if (c && !c.suppressed) { max = Math.max(max, c.value); } });
    });
    var root = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": t("timelineTitle") });
    var plotW = width - left - 10, plotH = height - bottom - top;
    var groupW = plotW / table.rows.length;
    var barW = Math.max(1, groupW * 0.8 / SERIES.length);
    root.appendChild(svg("line", { x1: left, y1: top + plotH, x2: width - 10, y2: top + plotH, stroke: "#6b7280" }));
    root.appendChild(svg("text", { x: left - 6, y: top + 12, "text-anchor": "end", "font-size": 12 }, String(max)));
    var labelEvery = Math.ceil(table.rows.length / 12);
    table.rows.forEach(function (r, i) {
      var x0 = left + i * groupW + groupW * 0.1;
      SERIES.forEach(function (s, j) {
        var c = r[s[0]];
        var suppressed = !c || c.suppressed;
        var h = suppressed ? plotH * 0.03 : plotH * c.value / max;
        var rect = svg("rect", { x: x0 + j * barW, y: top + plotH - h, width: barW * 0.95, height: h,
          fill: suppressed ? "#d1d5db" : s[1] });
        rect.appendChild(svg("title", {}, t(s[0]) + " " + r.period + ": " + show(c, "COUNT").text));
        root.appendChild(rect);
      });
      if (i % labelEvery === 0) {
        root.appendChild(svg("text", { x: x0 + groupW * 0.4, y: height - bottom + 18, "text-anchor": "middle",
          "font-size": 13 }, r.period));
      }
    });
    target.appendChild(root);
    var legend = el("div", { "class": "legend" });
    SERIES.forEach(function (s) {
      var item = el("span", {}, t(s[0]));
      item.style.setProperty("--c", s[1]);
      legend.appendChild(item);
    });
    var hidden = el("span", {}, t("suppressedTitle").replace("{k}", last.suppressionThreshold));
    hidden.style.setProperty("--c", "#d1d5db");
    legend.appendChild(hidden);
    target.appendChild(legend);
  }

  function renderTable(table, container) {
    container.innerHTML = "";
    if (!table.rows.length) { container.appendChild(el("p", { "class": "empty" }, t("noRows"))); return; }
    var tableEl = el("table", { "data-table": table.name });
    var head = el("tr");
    table.columns.forEach(function (c) {
      head.appendChild(el("th", { "class": c.kind === "LABEL" || c.kind === "TEXT" ? "" : "num" }, t(c.key)));
    });
    tableEl.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    table.rows.forEach(function (r) {
      var tr = el("tr");
      table.columns.forEach(function (c) {
        var shown = show(r[c.key], c.kind);
        var td = el("td", { "class": (c.kind === "LABEL" || c.kind === "TEXT" ? "" : "num")
          + (shown.suppressed ? " suppressed" : ""), "data-column": c.key }, shown.text);
        if (shown.suppressed) { td.title = suppressedTitle(shown.text); }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    tableEl.appendChild(body);
    container.appendChild(tableEl);
  }

  function suppressedTitle(text) {
    return text === "n.d." ? t("complementTitle") : t("suppressedTitle").replace("{k}", last.suppressionThreshold);
  }

  function csvLink(name) {
    var q = query();
    var path = "api/export/" + name + ".csv" + (q.toString() ? "?" + q : "");
    var a = el("a", { "class": "csv", href: path, download: name + ".csv" }, t("download"));
    // the export needs the key in a header, so the file is fetched and handed to the browser as a blob
    a.addEventListener("click", function (e) {
      e.preventDefault();
      api(path, "text/csv").then(function (response) {
        if (!response.ok) { return; }
        return response.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var save = el("a", { href: url, download: name + ".csv" });
          document.body.appendChild(save);
          save.click();
          document.body.removeChild(save);
          setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
        });
      });
    });
    return a;
  }

  function render() {
    var tables = last.tables;
    document.getElementById("k").textContent = last.suppressionThreshold;
    renderHeadline(tables.headline);
    renderFunnel(tables.headline);
    renderTimeline(tables.timeline);
    var stuck = document.getElementById("table-stuck-referrals");
    renderTable(tables["stuck-referrals"], stuck);
    var stuckTitle = stuck.parentNode.querySelector("h2");
    var oldLink = stuckTitle.querySelector("a.csv");
    if (oldLink) { stuckTitle.removeChild(oldLink); }
    stuckTitle.appendChild(csvLink("stuck-referrals"));
    var section = document.getElementById("tables");
    section.innerHTML = "";
    TABLES.forEach(function (name) {
      var panel = el("article", { "class": "panel", id: "panel-" + name });
      var title = el("h2", {}, t("table." + name));
      title.appendChild(csvLink(name));
      panel.appendChild(title);
      var holder = el("div", { id: "table-" + name });
      panel.appendChild(holder);
      renderTable(tables[name], holder);
      section.appendChild(panel);
    });
    renderDirectory();
    document.getElementById("updated-at").textContent = new Date(last.generatedAt).toLocaleTimeString(locale());
    renders += 1;
    document.body.setAttribute("data-renders", String(renders));
  }

  /** The cabina's own view of the service directory: every partner's services, status and free places. */
  function renderDirectory() {
    fetch("api/directory", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (services) {
        var body = document.querySelector("#directory tbody");
        body.innerHTML = "";
        services.forEach(function (s) {
          var tr = el("tr", { "data-service": s.serviceId });
          tr.appendChild(el("td", {}, s.name));
          tr.appendChild(el("td", {}, s.organisationId));
          tr.appendChild(el("td", {}, s.serviceType));
          tr.appendChild(el("td", {}, s.status));
          tr.appendChild(el("td", { "class": "num" }, s.capacityMaximum == null ? "–"
            : s.capacityAvailable + " / " + s.capacityMaximum));
          body.appendChild(tr);
        });
      })
      .catch(function () { /* the indicators stay usable without the directory */ });
  }

  function showError(problem) {
    var box = document.getElementById("error");
    if (!problem) { box.hidden = true; return; }
    var details = problem.errors ? Object.keys(problem.errors).map(function (k) { return k + ": " + problem.errors[k]; }).join("; ") : "";
    box.textContent = t("invalid") + " – " + (details || problem.detail || problem.title);
    box.hidden = false;
  }

  var loading = null, again = false;
  function refresh() {
    if (loading) { again = true; return loading; }
    var q = query();
    loading = api("api/indicators" + (q.toString() ? "?" + q : ""), "application/json")
      .then(function (response) {
        if (response.status === 401 || response.status === 403) { return; }
        return response.json().then(function (body) {
          if (!response.ok) { showError(body); return; }
          showError(null);
          last = body;
          render();
        });
      })
      .catch(function (e) { showError({ title: String(e) }); })
      .then(function () {
        loading = null;
        if (again) { again = false; refresh(); }
      });
    return loading;
  }

  var live = false;
  function setLive(on) {
    live = on;
    var node = document.getElementById("live");
    node.className = "live " + (on ? "online" : "offline");
    document.getElementById("live-text").textContent = t(on ? "live" : "offline");
  }

  // Server-sent events read through fetch, which (unlike EventSource) can send the key in a header.
  var stream = null;
  function listen() {
    if (stream || !key() || !window.ReadableStream) { return; }
    var controller = new AbortController();
    stream = controller;
    api("api/live", "text/event-stream", controller.signal).then(function (response) {
      if (!response.ok || !response.body) { throw new Error("live stream refused: " + response.status); }
      setLive(true);
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function read() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { throw new Error("live stream ended"); }
          buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
          var end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            onServerEvent(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
          return read();
        });
      }
      return read();
    }).catch(function () {
      setLive(false);
      if (stream === controller) {
        stream = null;
        if (key()) { setTimeout(listen, 3000); }
      }
    });
  }

  function onServerEvent(block) {
    var name = "message";
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
    });
    if (name === "hello") { setLive(true); if (last) { refresh(); } }
    if (name === "indicators-changed") { refresh(); }
  }

  function stopListening() {
    if (stream) { var s = stream; stream = null; s.abort(); }
    setLive(false);
  }

  var KEY = "rete.cabina.key";
  function key() { return sessionStorage.getItem(KEY); }

  function api(path, accept, signal) {
    return fetch(path, { headers: { Accept: accept, Authorization: "Bearer " + key() }, signal: signal })
      .then(function (response) {
        if (response.status === 401) { askForKey(t("badKey")); }
        if (response.status === 403) { askForKey(t("forbidden")); }
        return response;
      });
  }

  function askForKey(message) {
    sessionStorage.removeItem(KEY);
    stopListening();
    var access = document.getElementById("access");
    access.hidden = false;
    document.getElementById("sign-out").hidden = true;
    var error = document.getElementById("access-error");
    error.textContent = message || "";
    error.hidden = !message;
    document.getElementById("access-key").focus();
  }

  function start() {
    document.getElementById("access").hidden = true;
    document.getElementById("sign-out").hidden = false;
    api("api/filters", "application/json").then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (body) {
      options = body;
      fillSelects();
    }).catch(function () { fillSelects(); }).then(function () {
      if (!key()) { return; }
      refresh();
      listen();
    });
  }

  function syncUrl() {
    var q = query();
    if (lang !== "it") { q.set("lang", lang); }
    history.replaceState(null, "", window.location.pathname + (q.toString() ? "?" + q : ""));
  }

  document.getElementById("filters").addEventListener("submit", function (e) {
    e.preventDefault();
    syncUrl();
    refresh();
  });
  document.getElementById("reset").addEventListener("click", function () {
    var form = document.getElementById("filters");
    FILTERS.forEach(function (name) { form.elements[name].value = name === "interval" ? "MONTH" : ""; });
    syncUrl();
    refresh();
  });
  document.querySelectorAll(".lang button").forEach(function (button) {
    button.addEventListener("click", function () {
      lang = button.getAttribute("data-lang");
      localStorage.setItem("rete.lang", lang);
      translateStatic();
      fillSelects();
      syncUrl();
      if (last) { render(); }
    });
  });

  var form = document.getElementById("filters");
  ["from", "to"].forEach(function (name) { if (params.get(name)) { form.elements[name].value = params.get(name); } });
  document.getElementById("access").addEventListener("submit", function (e) {
    e.preventDefault();
    var input = document.getElementById("access-key");
    sessionStorage.setItem(KEY, input.value.trim());
    input.value = "";
    start();
  });
  document.getElementById("sign-out").addEventListener("click", function () { askForKey(null); });

  translateStatic();
  if (key()) { start(); } else { askForKey(null); }
})();
