/*
 * The operator's page of a partner service: it speaks only to this partner's own API, with the operator's key
 * (kept in sessionStorage for this tab, never in a URL or a cookie). Operator texts in Italian (default) and
 * English; the texts read to the person in Italian, English or Arabic (right to left).
 */
(function () {
  "use strict";

  var KEY = "rete.operatorKey", CASE = "rete.caseId", LANG = "rete.lang";

  var ENUMS = {
    Sector: ["AGRICULTURE", "TEXTILE", "LOGISTICS", "CONSTRUCTION", "MANUFACTURING", "FOOD_PROCESSING",
      "DOMESTIC_WORK", "HOSPITALITY", "OTHER"],
    IntakeChannel: ["OUTREACH_TEAM", "LISTENING_POINT", "HELPLINE", "LABOUR_INSPECTION", "POLICE",
      "RECEPTION_CENTRE", "SELF_REFERRAL", "OTHER"],
    Urgency: ["ROUTINE", "PRIORITY", "EMERGENCY"],
    DeclineReason: ["NO_CAPACITY", "NOT_ELIGIBLE", "UNABLE_TO_CONTACT", "PERSON_REFUSED", "OUT_OF_AREA", "OTHER"],
    PlacementKind: ["REGULAR_EMPLOYMENT", "HOUSING", "TRAINING_COURSE", "OTHER"],
    ContractType: ["PERMANENT", "FIXED_TERM", "SEASONAL", "APPRENTICESHIP", "OTHER"],
    ReferralOutcome: ["SUCCESSFUL", "NOT_SUCCESSFUL"],
    CaseClosureReason: ["GOALS_MET", "PERSON_WITHDREW", "LOST_CONTACT", "TRANSFERRED_OUT_OF_AREA", "OTHER"]
  };

  var TEXTS = {
    it: {
      title: "Rete – sportello dell'operatore", accessTitle: "Accesso", apiKey: "Chiave API dell'operatore",
      useKey: "Usa la chiave", forgetKey: "Dimentica",
      keyHint: "La chiave resta solo in questa scheda del browser (sessionStorage).",
      inboxTitle: "Segnalazioni ricevute", oldestFirst: "(le più vecchie prima)", reload: "Aggiorna",
      sentAt: "Inviata", from: "Da", to: "A", serviceType: "Servizio", urgency: "Urgenza", dueBy: "Scadenza",
      state: "Stato", open: "Apri", referralTitle: "Segnalazione", accept: "Accetta",
      declineReason: "Motivo del rifiuto", reasonText: "Spiegazione", decline: "Rifiuta",
      placementKind: "Inserimento", contractType: "Contratto", startDate: "Dal",
      recordPlacement: "Registra l'inserimento", outcome: "Esito", complete: "Concludi",
      newCaseTitle: "Nuovo caso", territory: "Territorio", sector: "Settore", intakeChannel: "Canale di contatto",
      preferredLanguage: "Lingua della persona", openCase: "Apri il caso", caseTitle: "Caso",
      consentTitle: "Consenso della persona", personLanguage: "Lingua per la persona", purposes: "Finalità",
      "purpose.REFERRAL": "Segnalazione", "purpose.SERVICE_PROVISION": "Erogazione del servizio",
      allowedRecipients: "Partner a cui si può segnalare (separati da virgola)",
      recordConsent: "Registra il consenso", referTitle: "Segnala a un servizio della rete",
      serviceName: "Servizio", partner: "Partner", territories: "Territori", languages: "Lingue",
      capacity: "Posti liberi", refer: "Segnala", sentTitle: "Segnalazioni di questo caso",
      closeTitle: "Chiudi il caso", closureReason: "Motivo", closeCase: "Chiudi il caso",
      noKey: "Inserisci prima la chiave API.", done: "Fatto.", overdue: "scaduta",
      noServices: "Nessun servizio attivo nella rete.", network: "Rete non raggiungibile"
    },
    en: {
      title: "Rete – operator's desk", accessTitle: "Access", apiKey: "Operator API key", useKey: "Use the key",
      forgetKey: "Forget", keyHint: "The key stays in this browser tab only (sessionStorage).",
      inboxTitle: "Referrals received", oldestFirst: "(oldest first)", reload: "Reload", sentAt: "Sent",
      from: "From", to: "To", serviceType: "Service", urgency: "Urgency", dueBy: "Due by", state: "State",
      open: "Open", referralTitle: "Referral", accept: "Accept", declineReason: "Reason for declining",
      reasonText: "Explanation", decline: "Decline", placementKind: "Placement", contractType: "Contract",
      startDate: "From", recordPlacement: "Record the placement", outcome: "Outcome", complete: "Complete",
      newCaseTitle: "New case", territory: "Territory", sector: "Sector", intakeChannel: "Intake channel",
      preferredLanguage: "Person's language", openCase: "Open the case", caseTitle: "Case",
      consentTitle: "The person's consent", personLanguage: "Language for the person", purposes: "Purposes",
      "purpose.REFERRAL": "Referral", "purpose.SERVICE_PROVISION": "Service provision",
      allowedRecipients: "Partners the case may be referred to (comma-separated)",
      recordConsent: "Record the consent", referTitle: "Refer to a service of the network",
      serviceName: "Service", partner: "Partner", territories: "Territories", languages: "Languages",
      capacity: "Free places", refer: "Refer", sentTitle: "Referrals of this case", closeTitle: "Close the case",
      closureReason: "Reason", closeCase: "Close the case", noKey: "Enter the API key first.", done: "Done.",
      overdue: "overdue", noServices: "No active service in the network.", network: "Network unreachable"
    }
  };

  /** What is read or shown to the person, in their language. */
  var PERSON_TEXTS = {
    it: { consentText: "Acconsento che il mio caso, senza il mio nome, sia segnalato ai servizi scelti con "
      + "l'operatore, per ricevere aiuto. Posso ritirare il consenso quando voglio." },
    en: { consentText: "I agree that my case, without my name, is referred to the services chosen with the "
      + "operator, so that I can get help. I can withdraw my consent at any time." },
    ar: { consentText: "أوافق على إحالة حالتي، دون ذكر اسمي، إلى الخدمات التي تم اختيارها مع الموظف، "
      + "من أجل الحصول على المساعدة. يمكنني سحب موافقتي في أي وقت." }
  };
  var RTL = { ar: true };

  var lang = sessionStorage.getItem(LANG) || "it";
  var currentReferral = null;

  function t(key) { return (TEXTS[lang] && TEXTS[lang][key]) || TEXTS.it[key] || key; }
  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function when(iso) { return iso ? new Date(iso).toLocaleString(lang === "en" ? "en-GB" : "it-IT") : ""; }
  function status(text) { $("#status").textContent = text; }

  // ---- language

  function applyLanguage() {
    document.documentElement.lang = lang;
    $all("[data-i18n]").forEach(function (node) { node.textContent = t(node.getAttribute("data-i18n")); });
    $all(".languages button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === lang));
    });
    applyPersonLanguage();
  }

  function applyPersonLanguage() {
    var personLang = $("#person-language").value;
    var notice = $("#consent-notice");
    notice.setAttribute("lang", personLang);
    notice.setAttribute("dir", RTL[personLang] ? "rtl" : "ltr");
    $all("[data-person-i18n]", notice).forEach(function (node) {
      node.textContent = PERSON_TEXTS[personLang][node.getAttribute("data-person-i18n")];
    });
  }

  // ---- the API, with the operator's key

  function key() { return sessionStorage.getItem(KEY); }

  function api(method, path, body) {
    if (!key()) { return Promise.resolve({ ok: false, status: 0, body: { detail: t("noKey"), errors: [] } }); }
    var headers = { Accept: "application/json, application/problem+json", Authorization: "Bearer " + key() };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch("api" + path, { method: method, headers: headers, credentials: "omit",
      body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        return response.text().then(function (text) {
          var parsed = null;
          try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = { detail: text }; }
          return { ok: response.ok, status: response.status, body: parsed };
        });
      })
      .catch(function (e) { return { ok: false, status: 0, body: { title: t("network"), detail: String(e) } }; });
  }

  // ---- errors next to the field they are about

  /** Names of the problem's checks that are about one field of a form. */
  var ALIASES = { addressed: "serviceId", contractTypeConsistent: "contractType", startDateSane: "startDate",
    complete: "purposes", dueWithinAYear: "dueBy" };

  function clearErrors(form) {
    $all(".error", form).forEach(function (p) { p.hidden = true; p.textContent = ""; });
  }

  function showProblem(form, problem) {
    clearErrors(form);
    problem = problem || {};
    var shown = false;
    (problem.errors || []).forEach(function (error) {
      var field = ALIASES[error.field] || error.field;
      if (field === "explained") { field = $("[data-error-for=reasonText]", form) ? "reasonText" : "reason"; }
      var slot = $("[data-error-for=\"" + field + "\"]", form) || $("[data-error-for=\"*\"]", form);
      if (slot) {
        slot.textContent = (slot.textContent ? slot.textContent + "; " : "") + error.message;
        slot.hidden = false;
        shown = true;
      }
    });
    if (!shown) {
      var general = $("[data-error-for=\"*\"]", form) || $(".error", form);
      general.textContent = problem.detail || problem.title || "Error";
      general.hidden = false;
    }
  }

  function submit(form, method, path, body, then) {
    clearErrors(form);
    return api(method, path, body).then(function (result) {
      if (!result.ok) { showProblem(form, result.body); return null; }
      status(t("done"));
      return then ? then(result.body) : result.body;
    });
  }

  function values(form) {
    var body = {};
    $all("input, select", form).forEach(function (input) {
      if (!input.name || input.type === "checkbox" || input.type === "radio") { return; }
      if (input.value !== "") { body[input.name] = input.value; }
    });
    return body;
  }

  // ---- inbox and one referral

  function loadInbox() {
    return api("GET", "/referrals/inbox").then(function (result) {
      var body = $("#inbox tbody");
      if (!result.ok) { showProblem($("#inbox-panel"), result.body); return; }
      $("#inbox-panel .error").hidden = true;
      body.innerHTML = "";
      var now = Date.now();
      result.body.forEach(function (r) {
        var overdue = r.state === "REQUESTED" && (r.overdueSince || Date.parse(r.dueBy) < now);
        var tr = el("tr", { "data-referral": r.referralId, "data-state": r.state,
          "class": overdue ? "overdue" : r.state === "EXPIRED" ? "expired" : "" });
        tr.appendChild(el("td", {}, when(r.sentAt)));
        tr.appendChild(el("td", {}, r.senderPartnerId));
        tr.appendChild(el("td", {}, r.serviceId || r.serviceType));
        tr.appendChild(el("td", {}, r.urgency));
        tr.appendChild(el("td", { "class": "due" }, when(r.dueBy) + (overdue ? " (" + t("overdue") + ")" : "")));
        tr.appendChild(el("td", { "class": "state" }, r.state));
        var cell = el("td");
        var button = el("button", { type: "button", "class": "open" }, t("open"));
        button.addEventListener("click", function () { openReferral(r.referralId); });
        cell.appendChild(button);
        tr.appendChild(cell);
        body.appendChild(tr);
      });
    });
  }

  function openReferral(referralId) {
    return api("GET", "/referrals/" + referralId).then(function (result) {
      if (!result.ok) { showProblem($("#inbox-panel"), result.body); return; }
      currentReferral = result.body;
      $("#referral-panel").hidden = false;
      $("#referral-id").textContent = currentReferral.referralId;
      $("#referral-state").textContent = currentReferral.state;
      $("#referral-panel").setAttribute("data-state", currentReferral.state);
    });
  }

  function afterReferralChange(referral) {
    currentReferral = referral || currentReferral;
    return Promise.all([openReferral(currentReferral.referralId), loadInbox()]);
  }

  // ---- a case of this partner

  function loadCase() {
    var caseId = sessionStorage.getItem(CASE);
    if (!caseId) { $("#current-case").hidden = true; return Promise.resolve(); }
    return api("GET", "/cases/" + caseId).then(function (result) {
      if (!result.ok) { return; }
      $("#current-case").hidden = false;
      $("#case-id").textContent = caseId;
      $("#case-status").textContent = result.body.caseFile.status;
      $("#current-case").setAttribute("data-status", result.body.caseFile.status);
      var body = $("#case-referrals tbody");
      body.innerHTML = "";
      result.body.referrals.forEach(function (r) {
        var tr = el("tr", { "data-referral": r.referralId, "data-state": r.state,
          "class": r.state === "EXPIRED" ? "expired" : "" });
        tr.appendChild(el("td", {}, r.toPartnerId));
        tr.appendChild(el("td", {}, r.serviceId || r.serviceType));
        tr.appendChild(el("td", {}, when(r.dueBy)));
        tr.appendChild(el("td", { "class": "state" }, r.state));
        body.appendChild(tr);
      });
    });
  }

  function loadDirectory() {
    return api("GET", "/directory/services?status=ACTIVE").then(function (result) {
      var body = $("#directory tbody");
      var picked = $("input[name=serviceId]:checked", body);
      var keep = picked ? picked.value : null;
      body.innerHTML = "";
      if (!result.ok) { return; }
      if (!result.body.length) {
        var empty = el("tr");
        empty.appendChild(el("td", { colspan: "7" }, t("noServices")));
        body.appendChild(empty);
      }
      result.body.forEach(function (s) {
        var tr = el("tr", { "data-service": s.serviceId });
        var pick = el("td");
        var radio = el("input", { type: "radio", name: "serviceId", value: s.serviceId, "aria-label": s.name });
        radio.checked = s.serviceId === keep;
        pick.appendChild(radio);
        tr.appendChild(pick);
        tr.appendChild(el("td", {}, s.name));
        tr.appendChild(el("td", {}, s.organisationId));
        tr.appendChild(el("td", {}, s.serviceType));
        tr.appendChild(el("td", {}, (s.territories || []).join(", ")));
        tr.appendChild(el("td", {}, (s.languages || []).join(", ")));
        tr.appendChild(el("td", { "class": "capacity" }, s.capacityMaximum == null ? "–"
          : s.capacityAvailable + " / " + s.capacityMaximum));
        body.appendChild(tr);
      });
    });
  }

  // ---- wiring

  function fillEnums() {
    $all("select[data-enum]").forEach(function (select) {
      select.innerHTML = "";
      if (select.getAttribute("data-optional")) { select.appendChild(el("option", { value: "" }, "–")); }
      ENUMS[select.getAttribute("data-enum")].forEach(function (symbol) {
        select.appendChild(el("option", { value: symbol }, symbol.replace(/_/g, " ").toLowerCase()));
      });
    });
  }

  function on(id, handler) {
    $(id).addEventListener("submit", function (event) { event.preventDefault(); handler(event.target); });
  }

  function start() {
    fillEnums();
    applyLanguage();
    $all(".languages button").forEach(function (b) {
      b.addEventListener("click", function () {
        lang = b.getAttribute("data-lang");
        sessionStorage.setItem(LANG, lang);
        applyLanguage();
      });
    });
    $("#person-language").addEventListener("change", applyPersonLanguage);

    on("#key-form", function (form) {
      var value = $("#api-key").value.trim();
      $("#api-key").value = "";
      if (!value) { showProblem(form, { errors: [{ field: "apiKey", message: t("noKey") }] }); return; }
      sessionStorage.setItem(KEY, value);
      api("GET", "/referrals/inbox?limit=1").then(function (result) {
        if (!result.ok) { showProblem(form, { errors: [{ field: "apiKey", message: result.body.detail
          || result.body.title }] }); return; }
        clearErrors(form);
        document.body.setAttribute("data-signed-in", "true");
        loadInbox(); loadCase();
      });
    });
    $("#forget-key").addEventListener("click", function () {
      sessionStorage.removeItem(KEY);
      document.body.removeAttribute("data-signed-in");
    });
    $("#reload-inbox").addEventListener("click", loadInbox);
    $("#reload-case").addEventListener("click", loadCase);

    $("#accept").addEventListener("click", function () {
      api("POST", "/referrals/" + currentReferral.referralId + "/accept").then(function (result) {
        if (!result.ok) { showProblem($("#decline-form"), result.body); return; }
        afterReferralChange(result.body);
      });
    });
    on("#decline-form", function (form) {
      submit(form, "POST", "/referrals/" + currentReferral.referralId + "/decline", values(form), afterReferralChange);
    });
    on("#placement-form", function (form) {
      submit(form, "POST", "/referrals/" + currentReferral.referralId + "/placements", values(form),
        function () { return afterReferralChange(); });
    });
    on("#complete-form", function (form) {
      submit(form, "POST", "/referrals/" + currentReferral.referralId + "/complete", values(form),
        afterReferralChange);
    });

    on("#case-form", function (form) {
      var body = values(form);
      body.vulnerabilityFlags = [];
      submit(form, "POST", "/cases", body, function (created) {
        sessionStorage.setItem(CASE, created.caseId);
        return Promise.all([loadCase(), loadDirectory()]);
      });
    });
    on("#consent-form", function (form) {
      var recipients = ($("input[name=allowedRecipients]", form).value || "").split(",")
        .map(function (s) { return s.trim(); }).filter(function (s) { return s; });
      var purposes = $all("input[name=purposes]:checked", form).map(function (c) { return c.value; });
      form.removeAttribute("data-recorded");
      submit(form, "POST", "/cases/" + sessionStorage.getItem(CASE) + "/consents",
        { purposes: purposes, allowedRecipients: recipients }, function () {
          return loadDirectory().then(function () { form.setAttribute("data-recorded", "true"); });
        });
    });
    on("#refer-form", function (form) {
      var picked = $("input[name=serviceId]:checked", form);
      var body = { urgency: $("select[name=urgency]", form).value };
      if (picked) { body.serviceId = picked.value; }
      submit(form, "POST", "/cases/" + sessionStorage.getItem(CASE) + "/referrals", body, loadCase);
    });
    on("#close-form", function (form) {
      submit(form, "POST", "/cases/" + sessionStorage.getItem(CASE) + "/close", values(form), loadCase);
    });

    if (key()) {
      document.body.setAttribute("data-signed-in", "true");
      loadInbox(); loadCase(); loadDirectory();
    }
    document.body.setAttribute("data-ready", "true");
  }

  document.addEventListener("DOMContentLoaded", start);
}());
