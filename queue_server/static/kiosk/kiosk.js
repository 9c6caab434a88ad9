/*
 * The office kiosk: every screen of one page, vanilla JS, no network beyond
 * the queue server. Screens are <section data-screen> elements; one is shown
 * at a time. All text that comes from the server is put in with textContent,
 * never as HTML.
 */
(function () {
  "use strict";

  var settings = JSON.parse(document.getElementById("kiosk-settings").textContent);
  var MAX_ACCOUNT_DIGITS = 20;
  var MAX_VALUE_DIGITS = 9;   // the server explains «too many digits»; this only stops runaway input
  var MAX_LABEL_DIGITS = 3;
  var STATUS_POLL_MS = 30000;
  var REQUEST_TIMEOUT_MS = 15000;
  // A kiosk runs for weeks: reload the page now and then (only from the home
  // screen, and only while the server answers) to pick up new services and code.
  var RELOAD_AFTER_MS = 4 * 3600 * 1000;
  var loadedAt = Date.now();

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function screenEl(name) { return $('[data-screen="' + name + '"]'); }

  /* ------------------------------------------------------------ wording */

  /** Russian plural form after a number (1 человек, 3 человека, 5 человек; 11–14 → many). */
  function plural(n, one, few, many) {
    n = Math.abs(n);
    if (n % 100 >= 11 && n % 100 <= 14) return many;
    if (n % 10 === 1) return one;
    if (n % 10 >= 2 && n % 10 <= 4) return few;
    return many;
  }
  function people(n) { return n + " " + plural(n, "человек", "человека", "человек"); }

  function queueNowText(total) {
    if (!total) return "Сейчас очереди нет";
    return "Сейчас в очереди: " + people(total);
  }
  function aheadText(ahead) {
    if (!ahead) return "Перед вами никого нет";
    return "Перед вами " + people(ahead);
  }
  function etaText(eta) {
    if (!eta || eta.length !== 2 || eta[1] <= 0) return "";
    var low = eta[0], high = eta[1];
    var unit = plural(high, "минута", "минуты", "минут");
    if (low <= 0) return "Примерное ожидание: до " + high + " " + plural(high, "минуты", "минут", "минут");
    return "Примерное ожидание: " + low + "–" + high + " " + unit;
  }
  var MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                "сентября", "октября", "ноября", "декабря"];
  function dateText(iso) {
    if (!iso) return "";
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  /* ------------------------------------------------------------ screens */

  var current = "home";
  var trail = [];  // screens to go «Назад» to

  function show(name, options) {
    options = options || {};
    if (name === current) { idle.reset(); return; }
    if (options.push !== false && current !== "home" && current !== name) trail.push(current);
    if (name === "home") trail = [];
    $all("[data-screen]").forEach(function (el) { el.hidden = el.getAttribute("data-screen") !== name; });
    current = name;
    document.body.setAttribute("data-current", name);
    idle.screenChanged(name);
    var scroller = $(".scroll-area", screenEl(name));
    if (scroller) scroller.scrollTop = 0;
    if (name === "home") refreshStatus();
  }

  function back() {
    var previous = trail.pop();
    show(previous || "home", { push: false });
  }

  function goHome() {
    show("home", { push: false });
  }

  /* --------------------------------------------------------------- idle */

  /** Every screen but home returns home after a while untouched; the last seconds are counted aloud. */
  var idle = (function () {
    var deadline = 0;
    var holdSeconds = null;  // a longer wait for one screen (a ticket that did not print)
    var banner = $("[data-idle-banner]");
    var secondsEl = $("[data-idle-seconds]");

    function timeoutMs() { return 1000 * (holdSeconds || settings.idleSeconds); }
    function reset() { deadline = Date.now() + timeoutMs(); tick(); }
    function screenChanged() { holdSeconds = null; reset(); }
    function hold(seconds) { holdSeconds = seconds; reset(); }
    function tick() {
      if (current === "home") { banner.hidden = true; return; }
      var left = Math.ceil((deadline - Date.now()) / 1000);
      if (left <= 0) { banner.hidden = true; goHome(); return; }
      if (left <= settings.countdownSeconds) {
        secondsEl.textContent = String(left);
        banner.hidden = false;
      } else {
        banner.hidden = true;
      }
    }
    setInterval(tick, 250);
    ["pointerdown", "keydown", "touchstart"].forEach(function (type) {
      document.addEventListener(type, reset, { capture: true, passive: true });
    });
    return { reset: reset, screenChanged: screenChanged, hold: hold };
  })();

  /* ---------------------------------------------------------------- API */

  /** JSON request to the queue API with the device cookie; resolves to {status, data}. */
  function api(method, path, body) {
    var options = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    if (method !== "GET") options.headers["X-CSRF-Token"] = settings.csrfToken;
    // Never leave a visitor waiting on a request the network swallowed.
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    if (controller) {
      options.signal = controller.signal;
      setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    }
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }, function () {
      return { status: 0, data: { error: { code: "network", message: "Нет связи с сервером очереди.", fields: {} } } };
    });
  }
  function errorOf(result) {
    return (result.data && result.data.error) || { code: "unknown", message: "Запрос не выполнен.", fields: {} };
  }

  function showProblem(message) {
    $("[data-problem-message]").textContent = message;
    show("problem");
  }

  /* ------------------------------------------------- clock and status */

  var clockOffsetMs = settings.status.epoch_ms - Date.now();
  var utcOffsetMinutes = settings.status.utc_offset_minutes;
  var officeStatus = settings.status;

  function renderClock() {
    var office = new Date(Date.now() + clockOffsetMs + utcOffsetMinutes * 60000);
    var hh = String(office.getUTCHours()).padStart(2, "0");
    var mm = String(office.getUTCMinutes()).padStart(2, "0");
    $("#clock").textContent = hh + ":" + mm;
  }

  function applyStatus(status) {
    officeStatus = status;
    clockOffsetMs = status.epoch_ms - Date.now();
    utcOffsetMinutes = status.utc_offset_minutes;
    renderClock();
    $("[data-hours]").textContent = status.hours;
    $("[data-closed-banner]").hidden = status.issuing;
    $("[data-closed-reason]").textContent = withoutHours(status.reason);
    $('[data-tile="ticket"]').classList.toggle("tile-closed", !status.issuing);
    $("[data-ticket-note]").textContent = status.issuing ? "В очередь к специалисту" : "Сейчас не выдаются";
    if (!socketHasCounts) renderQueueNow(status.waiting_total);
  }

  function refreshStatus() {
    return api("GET", "/kiosk/status.json").then(function (result) {
      if (result.status !== 200) return;
      applyStatus(result.data);
      if (current === "home" && Date.now() - loadedAt > RELOAD_AFTER_MS) window.location.reload();
    });
  }

  function renderQueueNow(total) {
    $("[data-queue-now]").textContent = queueNowText(total);
  }

  /* ------------------------------------------------------------- socket */

  var socketHasCounts = false;
  var printResults = {};   // job id -> last print_status (it may arrive before the HTTP answer)
  var printWatchers = {};  // job id -> function(status)

  function connectSocket() {
    if (typeof io !== "function") return;
    var socket = io({ withCredentials: true });
    var lostTimer = null;
    socket.on("connect", function () {
      clearTimeout(lostTimer);
      $("[data-connection-lost]").hidden = true;
    });
    socket.on("disconnect", function () {
      // Short blips (a server restart) are not worth alarming anyone.
      lostTimer = setTimeout(function () { $("[data-connection-lost]").hidden = false; }, 5000);
    });
    socket.on("snapshot", function (data) { socketHasCounts = true; renderQueueNow(data.waiting_total); });
    socket.on("queue_changed", function (data) { socketHasCounts = true; renderQueueNow(data.waiting_total); });
    socket.on("print_status", function (status) {
      printResults[status.id] = status;
      if (printWatchers[status.id]) printWatchers[status.id](status);
    });
  }

  /**
   * Follow one print job in a print box: «…печатается…», then «Заберите …» or
   * the reason it failed. No answer within printWaitSeconds counts as a failure;
   * a late success still turns the box green.
   */
  function watchPrint(box, jobId, words, onFailed) {
    var text = $("[data-print-text]", box);
    var timer = null;
    // The box is reused by the next ticket: a late answer about this job must not overwrite it.
    box.setAttribute("data-job", String(jobId));
    function set(state, message) {
      box.className = "print-box print-" + state;
      text.textContent = message;
    }
    function handle(status) {
      clearTimeout(timer);
      if (box.getAttribute("data-job") !== String(jobId)) return;
      if (status.ok) {
        set("ok", words.take);
      } else {
        set("failed", words.failed + ": " + (status.error || "принтер не отвечает") + ".\n" + words.instead);
        if (onFailed) onFailed();
      }
    }
    if (jobId === null || jobId === undefined) {
      set("none", words.noPrinter);
      return;
    }
    set("pending", words.printing);
    printWatchers[jobId] = handle;
    if (printResults[jobId]) { handle(printResults[jobId]); return; }
    timer = setTimeout(function () {
      if (!printResults[jobId]) handle({ ok: false, error: "принтер не ответил" });
    }, settings.printWaitSeconds * 1000);
  }

  /* -------------------------------------------------------- ticket flow */

  var ticketChoice = { audience: null, serviceId: null };
  var busy = false;

  function startTicket() {
    if (!officeStatus.issuing) { showClosed(officeStatus.reason); return; }
    show("audience");
  }

  /** The reason without its «Часы работы: …» tail: the closed screen shows the hours as a table. */
  function withoutHours(message) {
    return (message || "").split(" Часы работы:")[0];
  }

  function showClosed(message) {
    $("[data-closed-message]").textContent = withoutHours(message || officeStatus.reason);
    show("closed");
  }

  function chooseAudience(audience) {
    ticketChoice.audience = audience;
    $all("[data-service-list]").forEach(function (list) {
      list.hidden = list.getAttribute("data-service-list") !== audience;
    });
    show("services");
  }

  function chooseService(serviceId) {
    ticketChoice.serviceId = serviceId;
    show("preferential");
  }

  function issueTicket(preferential) {
    if (busy) return;  // a second tap while the first is on its way
    busy = true;
    api("POST", "/api/v1/offices/" + settings.officeId + "/tickets",
        { service_id: ticketChoice.serviceId, preferential: preferential || null })
      .then(function (result) {
        if (result.status === 201) { showTicket(result.data); return; }
        var error = errorOf(result);
        if (error.code === "office_closed") { refreshStatus(); showClosed(error.message); return; }
        showProblem("Талон не выдан. " + error.message);
      })
      .then(function () { busy = false; }, function () { busy = false; });
  }

  function showTicket(ticket) {
    var screen = screenEl("ticket");
    $("[data-ticket-label]", screen).textContent = ticket.label;
    var service = settings.services[String(ticket.service_id)];
    $("[data-ticket-service]", screen).textContent = service ? service.name : "";
    var badge = $("[data-ticket-preferential]", screen);
    badge.hidden = !ticket.preferential;
    badge.textContent = ticket.preferential ? "Вне очереди: " + settings.categories[ticket.preferential] : "";
    $("[data-ticket-ahead]", screen).textContent = aheadText(ticket.ahead);
    $("[data-ticket-eta]", screen).textContent = etaText(ticket.eta_minutes);
    $("[data-ticket-qr]", screen).src = "/kiosk/qr.svg?text=" + encodeURIComponent(ticket.status_url);
    trail = [];  // «Назад» from a ticket must not lead into the flow again
    show("ticket", { push: false });
    watchPrint($("[data-print-box]", screen), ticket.print_job_id, {
      printing: "Талон печатается…",
      take: "Заберите талон",
      failed: "Талон не удалось напечатать",
      instead: "Сфотографируйте QR-код или запомните номер",
      noPrinter: "Запомните номер талона или сфотографируйте QR-код",
    }, function () {
      if (current === "ticket") idle.hold(settings.printFailedHoldSeconds);
    });
  }

  /* ------------------------------------------------------------- keypads */

  /** Wire a keypad's keys to a handler: digits, «erase», «clear», «done». */
  function onKeypad(name, handler) {
    $all('[data-keypad="' + name + '"] [data-key]').forEach(function (key) {
      key.addEventListener("click", function () { handler(key.getAttribute("data-key")); });
    });
  }

  function editDigits(text, key, maxLength) {
    if (key === "erase") return text.slice(0, -1);
    if (key === "clear") return "";
    if (/^\d$/.test(key) && text.length < maxLength) return text + key;
    return text;
  }

  function renderDisplay(name, text, placeholder) {
    var display = $('[data-display="' + name + '"]');
    display.textContent = "";
    if (text) {
      display.textContent = text;
    } else {
      var span = document.createElement("span");
      span.className = "entry-placeholder";
      span.textContent = placeholder;
      display.appendChild(span);
    }
  }

  function setError(name, message) {
    var el = $('[data-error="' + name + '"]');
    el.textContent = message || "";
    var display = $('[data-display="' + name + '"]');
    if (display) display.classList.toggle("has-error", !!message);
  }

  /* ------------------------------------------------------- readings flow */

  var readings = { accountText: "", account: null, meters: [], meterIndex: 0, values: {}, active: null, errors: {} };

  function resetReadings() {
    readings.accountText = "";
    readings.account = null;
    readings.meters = [];
    readings.meterIndex = 0;
    renderDisplay("account", "", "Номер лицевого счёта");
    setError("account", "");
  }

  function accountKey(key) {
    if (key === "done") { lookUpAccount(); return; }
    readings.accountText = editDigits(readings.accountText, key, MAX_ACCOUNT_DIGITS);
    setError("account", "");
    renderDisplay("account", readings.accountText, "Номер лицевого счёта");
  }

  function lookUpAccount() {
    if (busy) return;
    if (!readings.accountText) { setError("account", "Введите номер лицевого счёта цифрами."); return; }
    busy = true;
    api("GET", "/api/v1/accounts/" + encodeURIComponent(readings.accountText) + "/meters")
      .then(function (result) {
        if (result.status === 200) { showAddress(result.data); return; }
        setError("account", errorOf(result).message);
      })
      .then(function () { busy = false; }, function () { busy = false; });
  }

  function meterKind(meter) {
    if (meter.zones.length === 1) return "однотарифный";
    if (meter.zones.length === 2) return "двухтарифный (день и ночь)";
    return "трёхтарифный";
  }

  function showAddress(data) {
    readings.account = data;
    readings.meters = data.meters;
    readings.meterIndex = 0;
    var screen = screenEl("readings-address");
    $("[data-account-masked]", screen).textContent = data.account;
    $("[data-account-address]", screen).textContent = data.address;
    var list = $("[data-meter-list]", screen);
    list.textContent = "";
    data.meters.forEach(function (meter) {
      var item = document.createElement("li");
      item.textContent = "Счётчик № …" + meter.serial_tail + " — " + meterKind(meter);
      list.appendChild(item);
    });
    if (!data.meters.length) {
      var none = document.createElement("li");
      none.textContent = "К этому счёту не привязан счётчик. Обратитесь к оператору.";
      list.appendChild(none);
    }
    $('[data-action="address-yes"]', screen).hidden = !data.meters.length;
    show("readings-address");
  }

  function currentMeter() { return readings.meters[readings.meterIndex]; }

  function startMeter() {
    var meter = currentMeter();
    readings.values = {};
    readings.errors = {};
    meter.zones.forEach(function (zone) { readings.values[zone] = ""; });
    readings.active = meter.zones[0];
    $("[data-meter-title]").textContent = readings.meters.length > 1 ? "счётчика № …" + meter.serial_tail : "";
    buildZones(meter);
    hideConfirm();
    show("readings-values");
  }

  /** One row per zone: its title, the previous reading and the field the keypad types into. */
  function buildZones(meter) {
    var container = $("[data-zones]");
    container.textContent = "";
    meter.zones.forEach(function (zone) {
      var row = document.createElement("button");
      row.type = "button";
      row.className = "zone";
      row.setAttribute("data-zone", zone);
      var title = document.createElement("span");
      title.className = "zone-title";
      title.textContent = meter.zone_titles[zone];
      var previous = document.createElement("span");
      previous.className = "zone-previous";
      if (meter.last[zone] !== undefined) {
        var value = document.createElement("b");
        value.textContent = "Прошлое: " + meter.last[zone];
        previous.appendChild(value);
        if (meter.last_date) previous.appendChild(document.createTextNode("от " + dateText(meter.last_date)));
      } else {
        previous.textContent = "Прошлых показаний нет";
      }
      var field = document.createElement("span");
      field.className = "zone-field";
      field.setAttribute("data-zone-field", zone);
      var error = document.createElement("span");
      error.className = "zone-error";
      error.setAttribute("data-zone-error", zone);
      error.setAttribute("role", "alert");
      row.appendChild(title);
      row.appendChild(previous);
      row.appendChild(field);
      row.appendChild(error);
      row.addEventListener("click", function () { readings.active = zone; renderZones(); });
      container.appendChild(row);
    });
    renderZones();
  }

  function renderZones() {
    var meter = currentMeter();
    meter.zones.forEach(function (zone) {
      var row = $('[data-zone="' + zone + '"]');
      row.classList.toggle("zone-active", zone === readings.active);
      row.classList.toggle("zone-invalid", !!readings.errors[zone]);
      var field = $('[data-zone-field="' + zone + '"]', row);
      field.textContent = readings.values[zone] || (zone === readings.active ? "" : "—");
      $('[data-zone-error="' + zone + '"]', row).textContent = readings.errors[zone] || "";
    });
    var next = $('[data-action="values-next"]');
    next.textContent = nextEmptyZone() && nextEmptyZone() !== readings.active ? "Далее" : "Передать показания";
  }

  function nextEmptyZone() {
    var meter = currentMeter();
    var start = meter.zones.indexOf(readings.active);
    for (var i = 1; i <= meter.zones.length; i++) {
      var zone = meter.zones[(start + i) % meter.zones.length];
      if (!readings.values[zone]) return zone;
    }
    return null;
  }

  function valuesKey(key) {
    var zone = readings.active;
    readings.values[zone] = editDigits(readings.values[zone], key, MAX_VALUE_DIGITS);
    delete readings.errors[zone];
    renderZones();
  }

  function valuesNext() {
    var meter = currentMeter();
    var empty = nextEmptyZone();
    if (readings.values[readings.active] && empty) {
      readings.active = empty;  // «Далее»: on to the zone still missing
      renderZones();
      return;
    }
    var missing = meter.zones.filter(function (zone) { return !readings.values[zone]; });
    if (missing.length) {
      missing.forEach(function (zone) { readings.errors[zone] = "Введите показание."; });
      readings.active = missing[0];
      renderZones();
      return;
    }
    submitReading(false);
  }

  function submitReading(confirm) {
    if (busy) return;
    busy = true;
    var meter = currentMeter();
    var values = {};
    meter.zones.forEach(function (zone) { values[zone] = parseInt(readings.values[zone], 10); });
    var body = { account_number: readings.accountText, meter_id: meter.id, values: values };
    if (confirm) body.confirm = true;
    api("POST", "/api/v1/readings", body).then(function (result) {
      if (result.status === 201 || result.status === 200) {
        hideConfirm();
        showReadingDone(result.data, result.status === 200);
        return;
      }
      var error = errorOf(result);
      if (result.status === 422 && error.code === "needs_confirmation") { askConfirmation(error); return; }
      if (result.status === 422 && Object.keys(error.fields || {}).length) {
        readings.errors = {};
        Object.keys(error.fields).forEach(function (zone) {
          if (meter.zones.indexOf(zone) >= 0) readings.errors[zone] = error.fields[zone];
        });
        var first = meter.zones.filter(function (zone) { return readings.errors[zone]; })[0];
        if (first) { readings.active = first; renderZones(); return; }
      }
      showProblem("Показания не приняты. " + error.message);
    }).then(function () { busy = false; }, function () { busy = false; });
  }

  var flaggedZones = [];  // zones the last «Подтвердите» named

  function askConfirmation(error) {
    var meter = currentMeter();
    flaggedZones = meter.zones.filter(function (zone) { return error.fields[zone]; });
    var list = $("[data-confirm-list]");
    list.textContent = "";
    meter.zones.forEach(function (zone) {
      if (!error.fields[zone]) return;
      var item = document.createElement("li");
      var title = document.createElement("strong");
      title.textContent = meter.zone_titles[zone] + ": " + readings.values[zone];
      var text = document.createElement("span");
      text.textContent = error.fields[zone];
      item.appendChild(title);
      item.appendChild(text);
      list.appendChild(item);
    });
    $("[data-confirm-panel]").hidden = false;
  }

  function hideConfirm() { $("[data-confirm-panel]").hidden = true; }

  function fixAfterConfirm() {
    var meter = currentMeter();
    hideConfirm();
    readings.active = flaggedZones[0] || meter.zones[0];
    renderZones();
  }

  /** The confirmation; ``repeated``: the same values were accepted minutes ago (no new receipt). */
  function showReadingDone(result, repeated) {
    var meter = currentMeter();
    var screen = screenEl("readings-done");
    $("[data-confirmation]", screen).textContent = result.confirmation;
    var table = $("[data-consumption]", screen);
    table.textContent = "";
    var head = table.insertRow();
    ["Зона", "Показание", "Расход"].forEach(function (title) {
      var th = document.createElement("th");
      th.textContent = title;
      head.appendChild(th);
    });
    meter.zones.forEach(function (zone) {
      var row = table.insertRow();
      var used = result.consumption[zone];
      [meter.zone_titles[zone], readings.values[zone].replace(/^0+(?=\d)/, ""),
       used === null || used === undefined ? "—" : used + " кВт·ч"].forEach(function (text) {
        row.insertCell().textContent = text;
      });
    });
    $('[data-action="next-meter"]', screen).hidden = readings.meterIndex >= readings.meters.length - 1;
    trail = [];
    show("readings-done", { push: false });
    watchPrint($("[data-print-box]", screen), repeated ? null : result.print_job_id, {
      printing: "Квитанция печатается…",
      take: "Заберите квитанцию",
      failed: "Квитанцию не удалось напечатать",
      instead: "Запишите или сфотографируйте номер подтверждения",
      noPrinter: repeated
        ? "Эти показания уже были приняты, квитанция печаталась тогда. Номер подтверждения — на экране"
        : "Запишите или сфотографируйте номер подтверждения",
    }, function () {
      if (current === "readings-done") idle.hold(settings.printFailedHoldSeconds);
    });
  }

  /* ------------------------------------------------------- feedback flow */

  var feedback = { letter: "", digits: "", label: "" };

  function resetFeedback() {
    feedback.letter = "";
    feedback.digits = "";
    renderLabel();
    setError("label", "");
  }

  function renderLabel() {
    renderDisplay("label", feedback.letter + feedback.digits, "Например, А012");
    $all("[data-letter]").forEach(function (button) {
      button.classList.toggle("key-selected", button.getAttribute("data-letter") === feedback.letter);
    });
  }

  function labelKey(key) {
    if (key === "done") { checkLabel(); return; }
    if (key === "erase" && !feedback.digits) { feedback.letter = ""; }
    feedback.digits = editDigits(feedback.digits, key, MAX_LABEL_DIGITS);
    setError("label", "");
    renderLabel();
  }

  function checkLabel() {
    if (busy) return;
    if (!feedback.letter) { setError("label", "Сначала нажмите букву с вашего талона."); return; }
    if (!feedback.digits) { setError("label", "Введите цифры номера талона."); return; }
    busy = true;
    var label = feedback.letter + feedback.digits;
    api("GET", "/api/v1/offices/" + settings.officeId + "/feedback?label=" + encodeURIComponent(label))
      .then(function (result) {
        if (result.status !== 200) { setError("label", errorOf(result).message); return; }
        feedback.label = result.data.label;
        $("[data-feedback-label]").textContent = result.data.label;
        $("[data-feedback-service]").textContent = result.data.service;
        setError("rating", "");
        show("feedback-rating");
      })
      .then(function () { busy = false; }, function () { busy = false; });
  }

  function sendRating(rating) {
    if (busy) return;
    busy = true;
    api("POST", "/api/v1/offices/" + settings.officeId + "/feedback", { label: feedback.label, rating: rating })
      .then(function (result) {
        if (result.status === 201) { trail = []; show("feedback-thanks", { push: false }); return; }
        setError("rating", errorOf(result).message);
      })
      .then(function () { busy = false; }, function () { busy = false; });
  }

  /* -------------------------------------------------------------- wiring */

  function wire() {
    document.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target) return;
      var go = target.getAttribute("data-go");
      var action = target.getAttribute("data-action");
      if (go) {
        if (go === "readings-account") resetReadings();
        if (go === "feedback-label") resetFeedback();
        show(go);
      } else if (action === "home") {
        goHome();
      } else if (action === "back") {
        back();
      } else if (action === "ticket") {
        startTicket();
      } else if (target.hasAttribute("data-audience")) {
        chooseAudience(target.getAttribute("data-audience"));
      } else if (target.hasAttribute("data-service-id")) {
        chooseService(Number(target.getAttribute("data-service-id")));
      } else if (target.hasAttribute("data-preferential")) {
        issueTicket(target.getAttribute("data-preferential"));
      } else if (action === "address-yes") {
        startMeter();
      } else if (action === "address-no") {
        resetReadings();
        back();  // the account screen is the one before
      } else if (action === "values-next") {
        valuesNext();
      } else if (action === "confirm-yes") {
        submitReading(true);
      } else if (action === "confirm-fix") {
        fixAfterConfirm();
      } else if (action === "next-meter") {
        readings.meterIndex += 1;
        startMeter();
      } else if (target.hasAttribute("data-letter")) {
        feedback.letter = target.getAttribute("data-letter");
        setError("label", "");
        renderLabel();
      } else if (target.hasAttribute("data-rating")) {
        sendRating(Number(target.getAttribute("data-rating")));
      }
    });
    onKeypad("account", accountKey);
    onKeypad("values", valuesKey);
    onKeypad("label", labelKey);
    // Nothing on a kiosk should be selectable or open a context menu under a long press.
    document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
  }

  wire();
  applyStatus(settings.status);
  connectSocket();
  setInterval(renderClock, 1000);
  setInterval(refreshStatus, STATUS_POLL_MS);
  document.body.setAttribute("data-current", "home");
  document.body.setAttribute("data-ready", "1");
})();
