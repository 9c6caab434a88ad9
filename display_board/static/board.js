// Web hall board: the state from `snapshot` and events, the announcement queue
// (each call and recall once, in order), voice clips played one after another.
(function () {
  "use strict";
  var MAX_CALLS = 8;
  var FRESH_MS = 8000;
  var OFFLINE_GRACE_MS = 3000;
  var RECENT_MS = 60000;

  var state = { office: null, calls: [], waiting: {}, services: [], messages: [], contacts: {} };
  var announced = {};          // "ticket_id|called_at" -> true
  var queue = [];              // calls waiting to be spoken
  var speaking = false;
  var snapshots = 0;
  var offlineTimer = null;
  window.boardAnnouncements = [];  // spoken phrases, for tests and diagnostics

  function plural(n, one, few, many) {
    var tens = n % 100, last = n % 10;
    if (tens >= 11 && tens <= 14) return many;
    if (last === 1) return one;
    if (last >= 2 && last <= 4) return few;
    return many;
  }

  function people(n) { return n + " " + plural(n, "человек", "человека", "человек"); }

  function callKey(call) { return call.ticket_id + "|" + call.called_at; }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Draw the calls table: the newest call large, blinking while fresh. */
  function renderCalls() {
    var box = document.getElementById("calls");
    box.replaceChildren();
    document.getElementById("no-calls").hidden = state.calls.length > 0;
    state.calls.forEach(function (call, index) {
      var row = el("div", "call" + (index === 0 ? " newest" : ""));
      if (index === 0 && Date.now() - call.receivedAt < FRESH_MS) row.className += " fresh";
      row.appendChild(el("span", "label", call.label));
      row.appendChild(el("span", "window", String(call.window.number)));
      row.dataset.ticketId = call.ticket_id;
      box.appendChild(row);
    });
  }

  /** Waiting per service, with correct Russian plurals. */
  function renderWaiting() {
    var list = document.getElementById("waiting");
    list.replaceChildren();
    var total = 0;
    state.services.forEach(function (service) {
      var count = state.waiting[String(service.id)] || 0;
      total += count;
      var item = el("li");
      item.appendChild(el("span", "letter", service.letter));
      var text = el("div");
      text.appendChild(el("div", "service-name", service.name));
      var verb = count % 10 === 1 && count % 100 !== 11 ? "Ожидает: " : "Ожидают: ";
      text.appendChild(el("div", "service-count" + (count ? "" : " none"),
                          count ? verb + people(count) : "Очереди нет"));
      item.appendChild(text);
      list.appendChild(item);
    });
    document.getElementById("waiting-total").textContent =
      total ? "В очереди: " + people(total) : "В очереди: никого";
  }

  function renderTicker() {
    var parts = state.messages.slice();
    var c = state.contacts || {};
    if (c.phone_individuals) parts.push("Контакт-центр: " + c.phone_individuals + " (физические лица), " + c.phone_business + " (юридические лица)");
    if (c.site) parts.push("Сайт: " + c.site);
    if (c.personal_account) parts.push("Личный кабинет: " + c.personal_account);
    if (c.chat_bot) parts.push("Чат-бот: " + c.chat_bot);
    document.getElementById("ticker-text").textContent = parts.join("   •   ");
  }

  function renderClock() {
    var now = new Date();
    var zone = state.office && state.office.timezone;
    var options = { hour: "2-digit", minute: "2-digit" };
    var dateOptions = { weekday: "long", day: "numeric", month: "long" };
    if (zone) { options.timeZone = zone; dateOptions.timeZone = zone; }
    try {
      document.getElementById("clock").textContent = now.toLocaleTimeString("ru-RU", options);
      document.getElementById("date").textContent = now.toLocaleDateString("ru-RU", dateOptions);
    } catch (error) {  // an unknown zone: the TV's own clock
      document.getElementById("clock").textContent = now.toLocaleTimeString("ru-RU");
    }
  }

  function remember(call) {
    call.receivedAt = Date.now();
    state.calls = state.calls.filter(function (c) { return c.ticket_id !== call.ticket_id; });
    state.calls.unshift(call);
    state.calls = state.calls.slice(0, MAX_CALLS);
  }

  function enqueue(call) {
    var key = callKey(call);
    if (announced[key]) return;
    announced[key] = true;
    queue.push(call);
    speakNext();
  }

  /** Speak queued calls one at a time: fetch the clip plan, play the clips in order. */
  function speakNext() {
    if (speaking || queue.length === 0) return;
    speaking = true;
    var call = queue.shift();
    var url = "/board/announcement?label=" + encodeURIComponent(call.label) +
              "&window=" + encodeURIComponent(call.window.number);
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (plan) {
      window.boardAnnouncements.push(plan.text);
      return playAll(plan.urls);
    }).catch(function () { /* no voice for this call; the screen still shows it */ })
      .then(function () { speaking = false; speakNext(); });
  }

  function playAll(urls) {
    return urls.reduce(function (previous, url) {
      return previous.then(function () { return playOne(url); });
    }, Promise.resolve());
  }

  function playOne(url) {
    return new Promise(function (resolve) {
      var audio = new Audio(url);
      audio.onended = resolve;
      audio.onerror = resolve;
      audio.play().catch(resolve);  // autoplay refused: stay silent, keep the order
    });
  }

  function onSnapshot(data) {
    snapshots += 1;
    state.office = data.office || state.office;
    state.services = data.services || state.services;
    state.messages = data.messages || [];
    state.contacts = data.contacts || {};
    state.waiting = data.waiting || {};
    var fresh = (data.calls || []).slice().reverse();
    var now = Date.now();
    fresh.forEach(function (call) {
      var known = announced[callKey(call)];
      var recent = now - Date.parse(call.called_at) < RECENT_MS;
      if (snapshots === 1 || known || !recent) announced[callKey(call)] = true;
      else enqueue(call);
    });
    state.calls = [];
    fresh.forEach(function (call) { remember(call); call.receivedAt = 0; });
    document.getElementById("office-name").textContent = state.office ? state.office.name : "Электронная очередь";
    renderAll();
  }

  function renderAll() { renderCalls(); renderWaiting(); renderTicker(); renderClock(); }

  var socket = io({ transports: ["websocket", "polling"] });
  socket.on("connect", function () {
    clearTimeout(offlineTimer);
    document.getElementById("offline").hidden = true;
  });
  socket.on("disconnect", function () {
    offlineTimer = setTimeout(function () { document.getElementById("offline").hidden = false; },
                              OFFLINE_GRACE_MS);
  });
  socket.on("snapshot", onSnapshot);
  socket.on("ticket_called", function (call) { remember(call); enqueue(call); renderCalls(); });
  socket.on("queue_changed", function (data) { state.waiting = data.waiting; renderWaiting(); });
  socket.on("board_message", function (data) {
    state.messages = data.text ? [data.text] : [];
    renderTicker();
  });
  setInterval(renderClock, 1000);
  setInterval(renderCalls, FRESH_MS);  // end the blinking of an old call
  renderClock();
})();
