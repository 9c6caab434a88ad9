// The operator console: choose a window, call and serve visitors, watch the
// window's queue. Everything on screen follows the server: the REST answers
// to this operator's actions and the Socket.IO pushes of everyone else's.
// No polling: the only timer is the one-second tick that redraws stopwatches.

import { connectStaffSocket, createApi, ApiError } from "./api.js";
import { observeServerNow, secondsSince } from "./clock.js";
import * as dialogs from "./dialogs.js";
import { byId, el, kbd, show } from "./dom.js";
import { actionsForKey, isTyping } from "./keyboard.js";
import { people, peopleWaiting, shortWait, stopwatch } from "./ru.js";

const config = JSON.parse(byId("console-config").textContent);
const api = createApi(document.querySelector('meta[name="csrf-token"]').content);

const LOGIN_URL = "/login?next=/operator";
const ACTIVE_STATUSES = ["called", "serving"];
const STATUS_RANK = { called: 1, serving: 2 };
const TICKET_ACTIONS = {
  called: ["recall", "start", "no-show", "postpone"],
  serving: ["finish", "transfer", "postpone"],
};
// Which timestamp of an answer is the server's "now" for each command.
const FRESH_STAMP = { call: "called_at", recall: "called_at", start: "started_at",
  finish: "finished_at", "no-show": "finished_at" };
const REFRESH_DELAY_MS = 150;
const LATE_ARRIVAL_SECONDS = 120;
const LIST_LIMIT = 60;
const TOAST_MS = { info: 3500, error: 8000 };
const UNEXPECTED_MESSAGE = "Что-то пошло не так. Обновите страницу; если не поможет — сообщите администратору.";

const state = {
  ready: false,           // the first snapshot has arrived
  connected: false,       // the socket is up
  busy: false,            // a request of this operator is in flight: actions are locked
  services: new Map(),    // service id → service (with outcomes)
  windows: [],            // every window of the office, as in /state
  window: null,           // the window this operator holds
  ticket: null,           // the ticket called to or served at that window
  waiting: [],            // the window's waiting tickets in calling order
  selectedId: null,       // the ticket picked in the list with ↑/↓
  leftIds: new Set(),     // tickets this operator sent away: late pushes must not bring them back
  notes: new Map(),       // ticket id → the note about its transfers ({origin, comment} or null)
  firstCalls: new Map(),  // ticket id → its call_count when it came to this window (recalls are above it)
};

// ---------------------------------------------------------------- wording

/** «А · Консультация» for a service id. */
function serviceTitle(serviceId) {
  const service = state.services.get(serviceId);
  return service ? `${service.letter} · ${service.name}` : "Услуга";
}

/** The Russian title of a preferential category code. */
function categoryTitle(code) {
  return config.categories[code] || "Льготная категория";
}

/** Is the ticket at the operator's window right now (called or being served)? */
function isAtMyWindow(ticket) {
  return Boolean(ticket && state.window && ticket.window_id === state.window.id &&
    ACTIVE_STATUSES.includes(ticket.status));
}

// ---------------------------------------------------------------- toasts

let toastTimer = null;

/** Show a short message at the bottom: kind "info" (calm) or "error" (stays longer). */
function toast(message, kind = "info") {
  const box = byId("toast");
  byId("toast-text").textContent = message;
  box.dataset.kind = kind;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(hideToast, TOAST_MS[kind] || TOAST_MS.info);
}

/** Hide the message. */
function hideToast() {
  byId("toast").hidden = true;
}

/** Tell the operator why an action failed, in the server's own Russian words. */
function showError(error) {
  if (!(error instanceof ApiError)) console.error(error);
  toast(error instanceof ApiError ? error.message : UNEXPECTED_MESSAGE, "error");
}

// ---------------------------------------------------------------- state changes

/** The window of the office this operator holds, if any. */
function findMyWindow(windows) {
  return windows.find((officeWindow) => officeWindow.operator && officeWindow.operator.id === config.user.id) || null;
}

/** Replace one window in the office list (by id). */
function storeWindow(officeWindow) {
  const index = state.windows.findIndex((item) => item.id === officeWindow.id);
  if (index >= 0) state.windows[index] = officeWindow;
  else state.windows.push(officeWindow);
}

/** Make `window` the operator's window (or none); its current ticket comes with it. */
function setMyWindow(officeWindow) {
  const previousId = state.window ? state.window.id : null;
  state.window = officeWindow;
  state.ticket = officeWindow && officeWindow.current_ticket && isAtMyWindow(officeWindow.current_ticket)
    ? officeWindow.current_ticket : null;
  if (!officeWindow || officeWindow.id !== previousId) {
    state.waiting = [];
    state.selectedId = null;
    if (officeWindow) scheduleQueueRefresh();
  }
}

/** A ticket as answered to this operator's own `command` (call, recall, start, …). */
function acceptOwnTicket(ticket, command) {
  const stamp = ticket[FRESH_STAMP[command]];
  if (stamp) observeServerNow(stamp);
  removeFromWaiting(ticket.id);
  if (isAtMyWindow(ticket)) {
    state.leftIds.delete(ticket.id);
    if (command === "call") state.firstCalls.set(ticket.id, ticket.call_count);  // recalls count from here
    state.ticket = ticket;
  } else {
    state.leftIds.add(ticket.id);
    if (state.ticket && state.ticket.id === ticket.id) state.ticket = null;
  }
}

/** A ticket as pushed by the server (any window, any staff member). */
function acceptPushedTicket(ticket) {
  const current = state.ticket;
  if (isAtMyWindow(ticket) && !state.leftIds.has(ticket.id)) {
    const newer = !current || current.id !== ticket.id ||
      STATUS_RANK[ticket.status] >= STATUS_RANK[current.status];
    if (newer) state.ticket = ticket;
  } else if (current && current.id === ticket.id) {
    state.ticket = null;  // finished, sent away or postponed (e.g. by a supervisor)
  }
}

/** Drop a ticket from the waiting list at once (it was called somewhere). */
function removeFromWaiting(ticketId) {
  if (refreshing) calledDuringFetch.add(ticketId);
  state.waiting = state.waiting.filter((ticket) => ticket.id !== ticketId);
  if (state.selectedId === ticketId) state.selectedId = null;
}

// ---------------------------------------------------------------- the waiting list

let refreshTimer = null;
let refreshing = false;
let refreshAgain = false;
const calledDuringFetch = new Set();  // a list fetched before these calls must not bring them back

/** Re-read the waiting list once per burst of pushes (debounced, never periodic). */
function scheduleQueueRefresh() {
  if (!state.window || refreshTimer) return;
  refreshTimer = setTimeout(refreshQueueNow, REFRESH_DELAY_MS);
}

/** Fetch the window's waiting tickets in calling order; one request at a time. */
async function refreshQueueNow() {
  clearTimeout(refreshTimer);
  refreshTimer = null;
  if (!state.window) return;
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  calledDuringFetch.clear();
  const windowId = state.window.id;
  try {
    const list = await api.get(
      `/offices/${config.officeId}/tickets?status=waiting&window_id=${windowId}`);
    if (state.window && state.window.id === windowId) {
      state.waiting = list.filter((ticket) => !calledDuringFetch.has(ticket.id) &&
        !(state.ticket && state.ticket.id === ticket.id));
      if (!state.waiting.some((ticket) => ticket.id === state.selectedId)) state.selectedId = null;
      render();
    }
  } catch (error) {
    showError(error);
  } finally {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      scheduleQueueRefresh();
    }
  }
}

/** Move the list selection up (-1) or down (+1). */
function moveSelection(step) {
  if (!state.waiting.length) return;
  const index = state.waiting.findIndex((ticket) => ticket.id === state.selectedId);
  const next = index < 0 ? (step > 0 ? 0 : state.waiting.length - 1)
    : Math.min(state.waiting.length - 1, Math.max(0, index + step));
  state.selectedId = state.waiting[next].id;
  render();
  const row = document.querySelector(`#waiting-list [data-ticket-id="${state.selectedId}"]`);
  if (row) row.scrollIntoView({ block: "nearest" });
}

// ---------------------------------------------------------------- server pushes

/** `snapshot` (on every connect): the whole office; resynchronises everything. */
function onSnapshot(snapshot) {
  state.windows = snapshot.windows;
  state.ready = true;
  setMyWindow(findMyWindow(snapshot.windows));
  if (!state.services.size) loadServices();
  scheduleQueueRefresh();
  render();
}

/** `window_updated`: a window was opened, paused or closed (by anyone). */
function onWindowUpdated(officeWindow) {
  storeWindow(officeWindow);
  const mine = officeWindow.operator && officeWindow.operator.id === config.user.id;
  if (mine) {
    setMyWindow(officeWindow);
  } else if (state.window && state.window.id === officeWindow.id) {
    setMyWindow(null);
    if (!state.busy) toast(`«${officeWindow.label}» закрыто: выберите окно, чтобы продолжить работу.`, "error");
  }
  render();
}

/** `ticket_called`: a call or recall anywhere in the office. */
function onTicketCalled(call) {
  observeServerNow(call.called_at);
  removeFromWaiting(call.ticket_id);
  const toMyWindow = state.window && call.window.id === state.window.id;
  if (toMyWindow && !state.busy && (!state.ticket || state.ticket.id !== call.ticket_id)) {
    loadTicket(call.ticket_id);  // called from another tab of this operator
  }
  scheduleQueueRefresh();
  render();
}

/** `ticket_updated`: any other transition of any ticket of the office. */
function onTicketUpdated(ticket) {
  acceptPushedTicket(ticket);
  scheduleQueueRefresh();
  render();
}

/** Socket connected or lost: show it, and keep working over HTTP meanwhile. */
function setConnected(connected) {
  state.connected = connected;
  render();
}

/** Open the Socket.IO connection (the staff session cookie authenticates it). */
function connectSocket() {
  const socket = connectStaffSocket(config.officeId, setConnected, LOGIN_URL);
  socket.on("snapshot", onSnapshot);
  socket.on("window_updated", onWindowUpdated);
  socket.on("ticket_called", onTicketCalled);
  socket.on("ticket_updated", onTicketUpdated);
  socket.on("queue_changed", scheduleQueueRefresh);
}

// ---------------------------------------------------------------- reads

/** Load the office's services (names, letters, outcomes). */
async function loadServices() {
  try {
    const services = await api.get(`/offices/${config.officeId}/services`);
    state.services = new Map(services.map((service) => [service.id, service]));
    render();
  } catch (error) {
    showError(error);
  }
}

/** Load one ticket and take it if it is at this window. */
async function loadTicket(ticketId) {
  try {
    acceptPushedTicket(await api.get(`/tickets/${ticketId}`));
    render();
  } catch (error) {
    showError(error);
  }
}

/** Load, once per ticket, where it was transferred from and the previous operator's comment. */
async function ensureTicketNote(ticket) {
  if (state.notes.has(ticket.id)) return;
  state.notes.set(ticket.id, null);
  try {
    const transfers = await api.get(`/tickets/${ticket.id}/transfers`);
    state.notes.set(ticket.id, transferNote(transfers));
    render();
  } catch (error) {
    console.warn("примечание о перенаправлении не загружено", error);  // not worth a message
  }
}

/** The last transfer as {origin: «Перенаправлен из «А · Консультация» · Окно 2 · Оператор 2», comment}. */
function transferNote(transfers) {
  const last = transfers[transfers.length - 1];
  if (!last) return null;
  const origin = [`Перенаправлен из «${serviceTitle(last.from_service_id)}»`, last.window, last.staff]
    .filter(Boolean).join(" · ");
  return { origin, comment: last.comment };
}

/** Re-read the office state after a refusal, so the screen matches the server. */
async function resync() {
  try {
    const office = await api.get(`/offices/${config.officeId}/state`);
    state.windows = office.windows;
    setMyWindow(findMyWindow(office.windows));
    scheduleQueueRefresh();
    render();
  } catch (error) {
    showError(error);
  }
}

// ---------------------------------------------------------------- actions

/** POST to the API with the buttons locked until the answer comes. */
async function send(path, body) {
  state.busy = true;
  render();
  try {
    return await api.post(path, body);
  } finally {
    state.busy = false;
    render();
  }
}

/** Call the next visitor by the calling policy. */
async function callNext() {
  const ticket = await send(`/windows/${state.window.id}/call-next`);
  if (!ticket) {
    toast("Сейчас к этому окну никто не ожидает.");
    return;
  }
  acceptOwnTicket(ticket, "call");
}

/** Call one waiting ticket out of the usual order. */
async function callTicket(ticketId) {
  const ticket = await send(`/windows/${state.window.id}/call`, { ticket_id: ticketId });
  acceptOwnTicket(ticket, "call");
}

/** Perform a transition of `ticket` (by default the current one); returns the updated ticket.
 * A ticket picked before a dialog is passed in: if it changed meanwhile, the server says so. */
async function ticketCommand(command, body, ticket = state.ticket) {
  const updated = await send(`/tickets/${ticket.id}/${command}`, body);
  acceptOwnTicket(updated, command);
  return updated;
}

/** «Завершить»: with an outcome when the service has a list of them. */
async function finishTicket() {
  const ticket = state.ticket;
  const service = state.services.get(ticket.service_id);
  const outcomes = (service && service.outcomes) || [];
  let body = {};
  if (outcomes.length) {
    const choice = await dialogs.askFinishOutcome(ticket.label, outcomes);
    if (!choice) return;
    if (choice.outcome) body = { outcome: choice.outcome };
  }
  const done = await ticketCommand("finish", body, ticket);
  toast(`Талон ${done.label} обслужен.`);
}

/** «Перенаправить»: to another service, keeping the visitor's place. */
async function transferTicket() {
  const ticket = state.ticket;
  const targets = [...state.services.values()]
    .filter((service) => service.active && service.id !== ticket.service_id);
  const choice = await dialogs.askTransferTarget(ticket.label, targets);
  if (!choice) return;
  const body = { service_id: choice.service_id };
  if (choice.comment) body.comment = choice.comment;
  const moved = await ticketCommand("transfer", body, ticket);
  toast(`Талон ${moved.label} перенаправлен: ${serviceTitle(moved.service_id)}.`);
}

/** «Отложить»: the visitor steps aside for a few minutes. */
async function postponeTicket() {
  const ticket = state.ticket;
  const minutes = await dialogs.askPostponeMinutes(ticket.label);
  if (!minutes) return;
  const postponed = await ticketCommand("postpone", { minutes }, ticket);
  toast(`Талон ${postponed.label} отложен на ${minutes} мин и вернётся в очередь на своё место.`);
}

/** «Не явился». */
async function markNoShow() {
  const ticket = await ticketCommand("no-show");
  toast(`Талон ${ticket.label}: отмечена неявка.`);
}

/** «Обслужить в общей очереди»: the document for the category was not shown. */
async function downgradeTicket() {
  const ticket = await ticketCommand("downgrade-preferential");
  toast(`Талон ${ticket.label} обслуживается в общей очереди.`);
}

/** Break or resume work at the window. */
async function windowCommand(command) {
  const officeWindow = await send(`/windows/${state.window.id}/${command}`);
  storeWindow(officeWindow);
  setMyWindow(officeWindow);
}

/** Take a window from the choice screen (or resume the one already held). */
async function openWindow(windowId) {
  const officeWindow = await send(`/windows/${windowId}/open`);
  storeWindow(officeWindow);
  setMyWindow(officeWindow);
}

/** Close the window; the server refuses while a visitor is at it. */
async function closeWindow({ confirm = true } = {}) {
  const officeWindow = state.window;
  if (confirm && !state.ticket && !(await dialogs.confirmClose(officeWindow.label))) return false;
  const closed = await send(`/windows/${officeWindow.id}/close`);
  storeWindow(closed);
  setMyWindow(null);
  return true;
}

/** «Выйти»: offer to close the window first, then end the session. */
async function logout() {
  if (state.window) {
    const choice = await dialogs.askLogout(state.window.label);
    if (!choice) return;
    if (choice === "close") await closeWindow({ confirm: false });
  }
  await send("/auth/logout");
  window.location.assign(LOGIN_URL);
}

const ACTION_HANDLERS = {
  "call-next": callNext,
  "call-selected": () => callTicket(state.selectedId),
  "select-previous": () => moveSelection(-1),
  "select-next": () => moveSelection(1),
  recall: () => ticketCommand("recall"),
  start: () => ticketCommand("start"),
  "no-show": markNoShow,
  finish: finishTicket,
  transfer: transferTicket,
  postpone: postponeTicket,
  "confirm-preferential": () => ticketCommand("confirm-preferential"),
  "downgrade-preferential": downgradeTicket,
  break: () => windowCommand("break"),
  resume: () => windowCommand("open"),
  close: () => closeWindow(),
  logout,
};
const QUICK_ACTIONS = new Set(["select-previous", "select-next"]);

/** The actions that make sense now (buttons of the others are hidden). */
function availableActions() {
  const actions = new Set(["logout"]);
  const officeWindow = state.window;
  if (!officeWindow) return actions;
  actions.add("close");
  if (officeWindow.state === "break") {
    actions.add("resume");
    return actions;
  }
  actions.add("break");
  const ticket = state.ticket;
  if (!ticket) {
    actions.add("call-next");
    if (state.waiting.length) ["select-previous", "select-next"].forEach((a) => actions.add(a));
    if (state.selectedId !== null) actions.add("call-selected");
    return actions;
  }
  (TICKET_ACTIONS[ticket.status] || []).forEach((action) => actions.add(action));
  if (ticket.preferential && !ticket.preferential_confirmed) {
    actions.add("confirm-preferential");
    actions.add("downgrade-preferential");
  }
  return actions;
}

/** Run one step of the operator's (dialogs, then a request); errors become messages.
 * While a request is in flight (state.busy) further presses are ignored. */
async function runGuarded(step) {
  if (state.busy) return;
  try {
    await step();
  } catch (error) {
    showError(error);
    if (error instanceof ApiError && error.status === 409) resync();
  }
  render();
}

/** Run an action by name if it is available now. */
function runAction(name) {
  if (!availableActions().has(name)) return;
  if (QUICK_ACTIONS.has(name)) {
    ACTION_HANDLERS[name]();
    return;
  }
  runGuarded(ACTION_HANDLERS[name]);
}

// ---------------------------------------------------------------- rendering

/** Draw everything from `state` (cheap: called after every change). */
function render() {
  const screen = !state.ready ? "loading" : state.window ? "console" : "choose";
  show(byId("screen-loading"), screen === "loading");
  show(byId("screen-choose"), screen === "choose");
  show(byId("screen-console"), screen === "console");
  document.body.classList.toggle("is-busy", state.busy);
  renderHeader();
  if (screen === "choose") renderWindowCards();
  if (screen === "console") {
    renderWorkArea();
    renderQueue();
  }
  renderActionButtons();
  tick();
}

/** Header: the window, its state, the connection. */
function renderHeader() {
  const officeWindow = state.window;
  byId("header-window").textContent = officeWindow ? officeWindow.label : "Пульт оператора";
  const badge = byId("header-state");
  show(badge, Boolean(officeWindow));
  if (officeWindow) {
    badge.dataset.state = officeWindow.state;
    badge.textContent = officeWindow.state === "break" ? "перерыв" : "работаю";
  }
  show(byId("shift-actions"), Boolean(officeWindow));
  const link = byId("connection");
  link.dataset.online = String(state.connected);
  link.textContent = state.connected ? "на связи" : "нет связи";
  show(byId("offline-banner"), state.ready && !state.connected);
}

/** Show, hide and lock the buttons; while a request is in flight every button is locked. */
function renderActionButtons() {
  const available = availableActions();
  for (const button of document.querySelectorAll("button[data-action]")) {
    button.hidden = !available.has(button.dataset.action);
    button.disabled = state.busy;
  }
  for (const button of document.querySelectorAll(".row-call, .window-card button")) {
    button.disabled = state.busy;
  }
}

let drawnCardsKey = "";
let drawnListKey = "";

/** The window choice screen: one card per window of the office (redrawn only on change,
 * so that a push never swaps a button from under the mouse). */
function renderWindowCards() {
  const key = JSON.stringify([state.windows, state.services.size]);
  if (key === drawnCardsKey) return;
  drawnCardsKey = key;
  byId("window-cards").replaceChildren(...state.windows.map(windowCard));
}

/** One window card: number, services, who works there, and the button to take it. */
function windowCard(officeWindow) {
  const holder = officeWindow.operator;
  const mine = holder && holder.id === config.user.id;
  const status = mine ? "Ваше окно" : !holder ? "Свободно" : officeWindow.state === "break" ? "Перерыв" : "Занято";
  const services = officeWindow.services.map((link) => el("li", { dataset: { level: link.level } },
    el("span", { className: "service-letter" }, letterOf(link.service_id)),
    el("span", { className: "service-name" }, nameOf(link.service_id)),
    link.level === "secondary" ? el("span", { className: "service-level" }, "доп.") : null));
  const button = holder && !mine ? null : el("button", {
    type: "button", className: "btn btn-primary",
    onclick: () => runGuarded(() => openWindow(officeWindow.id)),
  }, mine ? "Продолжить работу" : "Работать в этом окне", kbd(String(officeWindow.number)));
  return el("article", { className: "window-card", dataset: { windowId: officeWindow.id, free: String(!holder), mine: String(Boolean(mine)) } },
    el("div", { className: "window-head" },
      el("h2", {}, officeWindow.label),
      el("p", { className: "window-status" }, status)),
    holder && !mine ? el("p", { className: "window-holder" }, `Работает ${holder.name}`) : null,
    el("ul", { className: "window-services" }, ...services),
    button);
}

/** The service letter for an id («?» before the services load). */
function letterOf(serviceId) {
  const service = state.services.get(serviceId);
  return service ? service.letter : "?";
}

/** The service name for an id. */
function nameOf(serviceId) {
  const service = state.services.get(serviceId);
  return service ? service.name : "";
}

/** The left side: the called ticket, or the idle / break card. */
function renderWorkArea() {
  const ticket = state.ticket;
  const onBreak = state.window.state === "break";
  show(byId("ticket-current"), Boolean(ticket));
  show(byId("ticket-idle"), !ticket && !onBreak);
  show(byId("ticket-break"), !ticket && onBreak);
  if (!ticket) {
    const next = state.waiting[0];
    byId("idle-summary").textContent = state.waiting.length
      ? peopleWaiting(state.waiting.length) : "Сейчас к этому окну никто не ожидает.";
    byId("idle-next").textContent = next ? `Следующий: ${next.label} · ${serviceTitle(next.service_id)}` : "";
    return;
  }
  byId("current-label").textContent = ticket.label;
  if (!state.firstCalls.has(ticket.id)) state.firstCalls.set(ticket.id, ticket.call_count);
  const recalls = ticket.call_count - state.firstCalls.get(ticket.id);
  byId("current-status").textContent = ticket.status === "serving" ? "Идёт обслуживание"
    : recalls > 0 ? `Вызван повторно${recalls > 1 ? ` (${recalls + 1}-й раз)` : ""}` : "Вызван, ждём посетителя";
  byId("current-service").textContent = serviceTitle(ticket.service_id);
  renderTransferNote(state.notes.get(ticket.id));
  ensureTicketNote(ticket);
  renderPreferential(ticket);
}

/** Where the visitor was sent from, and the previous operator's comment. */
function renderTransferNote(note) {
  const box = byId("current-note");
  show(box, Boolean(note));
  if (!note) return;
  box.replaceChildren(el("div", { className: "note-origin" }, note.origin),
    note.comment ? el("div", { className: "note-comment" }, `«${note.comment}»`) : null);
}

/** The out-of-turn category of the current ticket and its two decisions. */
function renderPreferential(ticket) {
  const box = byId("current-preferential");
  show(box, Boolean(ticket.preferential));
  if (!ticket.preferential) return;
  byId("preferential-title").textContent = categoryTitle(ticket.preferential);
  show(byId("preferential-confirmed"), ticket.preferential_confirmed);
  show(byId("preferential-actions"), !ticket.preferential_confirmed);
}

/** The right panel: counts per service, the longest wait, the list in calling order. */
function renderQueue() {
  const counts = new Map();
  for (const ticket of state.waiting) counts.set(ticket.service_id, (counts.get(ticket.service_id) || 0) + 1);
  byId("service-counts").replaceChildren(...state.window.services.map((link) =>
    el("li", { dataset: { serviceId: link.service_id, level: link.level } },
      el("span", { className: "service-letter" }, letterOf(link.service_id)),
      el("span", { className: "service-name", title: link.level === "secondary" ? "Дополнительная услуга окна" : "" },
        nameOf(link.service_id)),
      el("span", { className: "service-count" }, people(counts.get(link.service_id) || 0)))));
  byId("waiting-total").textContent = peopleWaiting(state.waiting.length);
  const canCall = availableActions().has("call-next");
  const key = JSON.stringify([state.waiting.map((ticket) => [ticket.id, ticket.service_id, ticket.preferential]),
    canCall, state.selectedId, state.services.size]);
  if (key === drawnListKey) return;
  drawnListKey = key;
  const rows = state.waiting.slice(0, LIST_LIMIT).map((ticket, index) => waitingRow(ticket, index, canCall));
  if (state.waiting.length > LIST_LIMIT) {
    rows.push(el("li", { className: "waiting-more muted" }, `и ещё ${people(state.waiting.length - LIST_LIMIT)}`));
  }
  byId("waiting-list").replaceChildren(...rows);
  show(byId("waiting-empty"), !state.waiting.length);
}

/** One row of the waiting list. */
function waitingRow(ticket, index, canCall) {
  const selected = ticket.id === state.selectedId;
  const call = canCall ? el("button", {
    type: "button", className: "btn btn-small row-call",
    onclick: (event) => {
      event.currentTarget.blur();
      runGuarded(() => callTicket(ticket.id));
    },
  }, "Вызвать этот", selected ? kbd("Enter") : null) : null;
  return el("li", {
    className: "waiting-row",
    dataset: { ticketId: ticket.id, label: ticket.label, selected: String(selected) },
  },
  el("span", { className: "row-position" }, String(index + 1)),
  el("span", { className: "row-label" }, ticket.label),
  el("span", { className: "row-wait", dataset: { since: ticket.queued_at } }, ""),
  el("span", { className: "row-service" }, serviceTitle(ticket.service_id)),
  ticket.preferential ? el("span", { className: "row-preferential" }, categoryTitle(ticket.preferential)) : null,
  call);
}

/** Once a second: stopwatches and waits, measured on the server's clock. */
function tick() {
  if (state.ticket) {
    const since = state.ticket.status === "serving" ? state.ticket.started_at : state.ticket.called_at;
    const seconds = secondsSince(since);
    const timer = byId("current-timer");
    timer.textContent = stopwatch(seconds);
    timer.dataset.level = state.ticket.status === "called" && seconds >= LATE_ARRIVAL_SECONDS ? "warn" : "normal";
  }
  for (const cell of document.querySelectorAll("#waiting-list .row-wait")) {
    cell.textContent = shortWait(secondsSince(cell.dataset.since) / 60);
  }
  renderLongestWait();
}

/** «Дольше всех ждёт»: amber from the warning mark, red past the office's norm. */
function renderLongestWait() {
  const box = byId("longest-wait");
  const oldest = state.waiting.reduce((found, ticket) =>
    !found || ticket.queued_at < found.queued_at ? ticket : found, null);
  show(box, Boolean(oldest) && Boolean(state.window));
  if (!oldest) return;
  const waited = secondsSince(oldest.queued_at) / 60;
  box.dataset.level = waited > config.waitNormMinutes ? "late" : waited >= config.waitWarnMinutes ? "warn" : "normal";
  box.textContent = `Дольше всех ждёт ${oldest.label}: ${shortWait(waited)}` +
    (waited > config.waitNormMinutes ? ` — больше нормы (${config.waitNormMinutes} мин)` : "");
}

// ---------------------------------------------------------------- keyboard and clicks

/** Global shortcuts (ignored in dialogs and text fields). */
function onKeydown(event) {
  if (document.querySelector("dialog[open]") || isTyping(event)) return;
  if (!state.window) {
    chooseWindowByDigit(event);
    return;
  }
  const available = availableActions();
  const action = actionsForKey(event).find((name) => available.has(name));
  if (event.code === "Space" || (action && event.code === "Enter")) event.preventDefault();
  if (!action || (event.repeat && !QUICK_ACTIONS.has(action))) return;
  event.preventDefault();
  runAction(action);
}

/** On the choice screen, the window's number key takes that window. */
function chooseWindowByDigit(event) {
  const match = /^(?:Digit|Numpad)([0-9])$/.exec(event.code || "");
  if (!match || !state.ready || event.repeat) return;
  const officeWindow = state.windows.find((item) => item.number === Number(match[1]));
  if (officeWindow && (!officeWindow.operator || officeWindow.operator.id === config.user.id)) {
    event.preventDefault();
    runGuarded(() => openWindow(officeWindow.id));
  }
}

/** Clicks on any [data-action] button or link. */
function onClick(event) {
  const target = event.target.closest("[data-action]");
  if (!target || target.closest("dialog")) return;
  event.preventDefault();
  target.blur();  // so that a later Space or Enter cannot press it again
  runAction(target.dataset.action);
}

/** Start the console. */
function start() {
  document.addEventListener("keydown", onKeydown);
  document.addEventListener("keyup", (event) => {
    if (event.code === "Space" && !isTyping(event)) event.preventDefault();
  });
  document.addEventListener("click", onClick);
  byId("toast-close").addEventListener("click", hideToast);
  observeServerNow(config.serverNow);
  loadServices();
  connectSocket();
  setInterval(tick, 1000);
  render();
}

start();
