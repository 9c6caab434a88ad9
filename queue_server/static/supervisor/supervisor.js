// The supervisor's page: the office's figures over a range of days (from the
// report API) and what is happening right now (Socket.IO pushes + REST reads).
// Every text from the server goes into the page with textContent only.

import { connectStaffSocket } from "../operator/js/api.js";

const config = JSON.parse(document.getElementById("supervisor-config").textContent);
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const LOGIN_URL = "/login?next=/supervisor";
const OFFICE_API = `/api/v1/offices/${config.officeId}`;
const NORM = config.waitNormMinutes;
const WAIT_WARN = Math.max(1, Math.round((NORM * 2) / 3));  // amber from two thirds of the norm
const REPORT_REFRESH_MS = 2000;
const LIVE_REFRESH_MS = 250;
const LONGEST_TICK_MS = 15000;
const PRINT_LATE_MS = 2 * 60 * 1000;  // a pending job older than this is a problem
const BAR_PX = 130;  // the tallest hour's bar
const serverOffsetMs = Date.parse(config.serverNow) - Date.now();

const MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
  "сентября", "октября", "ноября", "декабря"];
const WINDOW_STATES = { open: "работает", break: "перерыв", closed: "закрыто" };
const CHANNELS = { kiosk: "На терминале", operator: "У оператора" };

// ---------------------------------------------------------------- helpers

function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`нет элемента #${id}`);
  return element;
}

/** el("td", {className: "num"}, "текст", child): strings become text nodes, never markup. */
function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "dataset") Object.assign(element.dataset, value);
    else element[name] = value;
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

/** The Russian plural form: plural(3, "талон", "талона", "талонов") → "талона". */
function plural(n, one, few, many) {
  const abs = Math.abs(n) % 100;
  const last = abs % 10;
  if (abs >= 11 && abs <= 14) return many;
  if (last === 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}

const count = (n, one, few, many) => `${n} ${plural(n, one, few, many)}`;
const minutesWord = (n) => count(n, "минута", "минуты", "минут");

/** 11.2 → «11,2»; null → «—». */
function num(value, digits = 1) {
  if (value === null || value === undefined) return "—";
  const rounded = Number(value.toFixed(digits));
  return String(rounded).replace(".", ",");
}

const mins = (value) => (value === null || value === undefined ? "—" : `${num(value)} мин`);
const percentText = (value) => (value === null || value === undefined ? "—" : `${num(value)} %`);

/** Service level colour: green at or above the target, amber above the warning line, else red. */
function levelOfShare(percent) {
  if (percent === null || percent === undefined) return "none";
  if (percent >= config.serviceLevelTarget) return "green";
  if (percent >= config.serviceLevelWarning) return "amber";
  return "red";
}

/** Wait colour: green well within the norm, amber close to it, red past it. */
function levelOfWait(minutes) {
  if (minutes === null || minutes === undefined) return "none";
  if (minutes <= WAIT_WARN) return "green";
  if (minutes <= NORM) return "amber";
  return "red";
}

// ---------------------------------------------------------------- dates

const serverNow = () => new Date(Date.now() + serverOffsetMs);

/** The office's local date now (the page may stay open past midnight). */
function officeToday() {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone, year: "numeric",
      month: "2-digit", day: "2-digit" }).format(serverNow());
  } catch {
    return config.today;
  }
}

function addDays(iso, days) {
  const moment = new Date(`${iso}T00:00:00Z`);
  moment.setUTCDate(moment.getUTCDate() + days);
  return moment.toISOString().slice(0, 10);
}

function parts(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return { year, month, day };
}

/** «3 декабря 2026», «27 ноября — 3 декабря 2026», «28 декабря 2025 — 3 января 2026». */
function periodTitle(from, to) {
  const a = parts(from);
  const b = parts(to);
  if (from === to) return `${a.day} ${MONTHS[a.month - 1]} ${a.year}`;
  const start = a.year === b.year ? `${a.day} ${MONTHS[a.month - 1]}` : `${a.day} ${MONTHS[a.month - 1]} ${a.year}`;
  return `${start} — ${b.day} ${MONTHS[b.month - 1]} ${b.year}`;
}

function clockText(isoWithOffset) {
  return isoWithOffset ? isoWithOffset.slice(11, 16) : "";
}

// ---------------------------------------------------------------- API

class ApiError extends Error {}

async function apiGet(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  } catch {
    throw new ApiError("Нет связи с сервером. Данные обновятся, когда связь появится.");
  }
  if (response.status === 401) {
    window.location.assign(LOGIN_URL);
    throw new ApiError("Сессия закончилась: войдите снова.");
  }
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  if (!response.ok) {
    throw new ApiError(body && body.error ? body.error.message : "Сервер не смог подготовить данные.");
  }
  return body;
}

// ---------------------------------------------------------------- the range

const range = { preset: "today", from: null, to: null };

function presetRange(preset) {
  const today = officeToday();
  if (preset === "yesterday") return [addDays(today, -1), addDays(today, -1)];
  if (preset === "week") return [addDays(today, -6), today];
  return [today, today];
}

function guessPreset(from, to) {
  for (const preset of ["today", "yesterday", "week"]) {
    const [a, b] = presetRange(preset);
    if (a === from && b === to) return preset;
  }
  return "custom";
}

function setRange(from, to, preset) {
  range.from = from;
  range.to = to;
  range.preset = preset || guessPreset(from, to);
  const url = new URL(window.location.href);
  url.searchParams.set("from", from);
  url.searchParams.set("to", to);
  window.history.replaceState(null, "", url);
  renderRangeControls();
  loadReport();
}

function renderRangeControls() {
  for (const button of document.querySelectorAll("[data-preset]")) {
    button.setAttribute("aria-pressed", String(button.dataset.preset === range.preset));
  }
  byId("range-form").hidden = range.preset !== "custom";
  byId("range-from").value = range.from;
  byId("range-to").value = range.to;
  byId("period-title").textContent = periodTitle(range.from, range.to);
  const query = new URLSearchParams({ from: range.from, to: range.to, format: "csv" });
  const link = byId("csv-link");
  link.href = `${OFFICE_API}/reports/summary?${query}`;
  link.setAttribute("download", range.from === range.to ? `report-${range.from}.csv`
    : `report-${range.from}_${range.to}.csv`);
}

function includesToday() {
  const today = officeToday();
  return range.from <= today && today <= range.to;
}

// ---------------------------------------------------------------- the report

let reportSeq = 0;

async function loadReport() {
  const seq = ++reportSeq;
  const query = new URLSearchParams({ from: range.from, to: range.to });
  byId("report").setAttribute("aria-busy", "true");
  try {
    const report = await apiGet(`${OFFICE_API}/reports/summary?${query}`);
    if (seq !== reportSeq) return;  // a newer request is on its way
    byId("report-error").hidden = true;
    renderReport(report);
  } catch (error) {
    if (seq !== reportSeq) return;
    byId("report-error").textContent = error.message;
    byId("report-error").hidden = false;
  } finally {
    if (seq === reportSeq) byId("report").setAttribute("aria-busy", "false");
  }
}

function setKpi(id, value, unit, sub) {
  const card = byId(id);
  const valueBox = card.querySelector('[data-kpi="value"]');
  valueBox.textContent = value;
  if (unit && value !== "—") valueBox.append(el("small", {}, unit));
  card.querySelector('[data-kpi="sub"]').textContent = sub;
}

function renderReport(report) {
  const { totals, wait, service } = report;
  const note = includesToday()
    ? `обновляется автоматически · данные на ${clockText(report.generated_at)}`
    : `сформирован в ${clockText(report.generated_at)}`;
  byId("period-note").textContent = note;

  const issuedNotes = [`в работе: ${totals.in_progress}`];
  if (totals.cancelled) issuedNotes.push(`отменено: ${totals.cancelled}`);
  if (totals.expired) issuedNotes.push(`истекло: ${totals.expired}`);
  setKpi("kpi-issued", String(totals.issued), "", issuedNotes.join("\n"));
  setKpi("kpi-served", String(totals.served), "",
    service.mean === null ? "обслуживание: нет данных" : `в среднем ${mins(service.mean)} у окна`);
  const noShowShare = totals.called ? (100 * totals.no_show) / totals.called : null;
  setKpi("kpi-no-show", String(totals.no_show), "",
    noShowShare === null ? "вызовов не было" : `${num(noShowShare, 0)} % вызванных`);
  setKpi("kpi-wait-mean", num(wait.mean), "мин",
    wait.max === null ? "вызовов не было" : `максимум ${mins(wait.max)}`);
  setKpi("kpi-wait-p90", num(wait.p90), "мин",
    wait.p90 === null ? "вызовов не было" : "9 из 10 ждали не дольше");
  setKpi("kpi-service-level", num(wait.service_level), "%",
    wait.called ? `${wait.within_norm} из ${wait.called} вызванных\nнорматив ${minutesWord(report.office.wait_norm_minutes)}`
      : `норматив ${minutesWord(report.office.wait_norm_minutes)}`);
  byId("kpi-service-level").dataset.level = levelOfShare(wait.service_level);

  renderByService(report.by_service);
  renderByHour(report.by_hour);
  renderByOperator(report.by_operator);
  renderPreferential(report.preferential);
  renderFeedback(report.feedback);
  renderReadings(report.readings);
}

function showEmpty(table, empty) {
  const panel = table.closest(".panel");
  panel.querySelector("[data-empty]").hidden = !empty;
  if (table.tagName === "TABLE") table.hidden = empty;
}

function renderByService(rows) {
  const table = byId("by-service");
  const body = table.tBodies[0];
  body.replaceChildren(...rows.map((row) => el("tr", { dataset: { serviceId: row.service_id } },
    el("td", {}, el("span", { className: "letter" }, row.letter), row.name),
    el("td", { className: "num" }, String(row.issued)),
    el("td", { className: "num" }, String(row.served)),
    el("td", { className: `num${row.no_show ? "" : " dim"}` }, String(row.no_show)),
    el("td", { className: "num" }, mins(row.wait_mean)),
    el("td", { className: "num" }, mins(row.wait_p90)),
    el("td", { className: "num" }, el("span", { className: "pill", dataset: { level: levelOfShare(row.service_level) } },
      percentText(row.service_level))),
    el("td", { className: "num" }, mins(row.service_mean)),
  )));
  showEmpty(table, rows.length === 0);
}

function renderByHour(rows) {
  const chart = byId("by-hour");
  const highest = Math.max(1, ...rows.map((row) => row.issued));
  chart.replaceChildren(...rows.map((row) => {
    const bar = el("div", { className: "hour-bar", dataset: { level: levelOfWait(row.wait_mean) },
      title: `${String(row.hour).padStart(2, "0")}:00 — ${count(row.issued, "талон", "талона", "талонов")}, `
        + `среднее ожидание ${mins(row.wait_mean)}` });
    bar.style.height = `${Math.max(2, Math.round((row.issued / highest) * BAR_PX))}px`;
    return el("div", { className: "hour", dataset: { hour: row.hour } },
      el("div", { className: "hour-plot" },
        el("span", { className: "hour-count" }, String(row.issued)), bar),
      el("span", { className: "hour-label" }, `${String(row.hour).padStart(2, "0")}:00`),
      el("span", { className: "hour-wait" }, row.wait_mean === null ? "—" : mins(row.wait_mean)));
  }));
  chart.hidden = rows.length === 0;
  chart.closest(".panel").querySelector("[data-empty]").hidden = rows.length !== 0;
}

function renderByOperator(rows) {
  const table = byId("by-operator");
  table.tBodies[0].replaceChildren(...rows.map((row) => el("tr", { dataset: { staffId: row.staff_id } },
    el("td", {}, row.name),
    el("td", { className: "num" }, String(row.served)),
    el("td", { className: `num${row.no_show ? "" : " dim"}` }, String(row.no_show)),
    el("td", { className: "num" }, mins(row.service_mean)),
    el("td", { className: "num", title: row.ratings ? count(row.ratings, "оценка", "оценки", "оценок") : "" },
      row.rating_mean === null ? "—" : num(row.rating_mean)),
  )));
  showEmpty(table, rows.length === 0);
}

function renderPreferential(data) {
  const table = byId("preferential");
  table.tBodies[0].replaceChildren(...data.categories.map((row) => el("tr", { dataset: { code: row.code } },
    el("td", {}, row.title),
    el("td", { className: `num${row.total ? "" : " dim"}` }, String(row.total)),
    el("td", { className: `num${row.confirmed ? "" : " dim"}` }, String(row.confirmed)),
    el("td", { className: `num${row.downgraded ? "" : " dim"}` }, String(row.downgraded)),
  )));
  const foot = table.tFoot || table.createTFoot();
  foot.replaceChildren(el("tr", {},
    el("td", {}, "Всего"), el("td", { className: "num" }, String(data.total)),
    el("td", { className: "num" }, String(data.confirmed)),
    el("td", { className: "num" }, String(data.downgraded))));
}

function renderFeedback(data) {
  byId("feedback-mean").textContent = data.mean === null ? "—" : `${num(data.mean)} из 5`;
  byId("feedback-count").textContent = data.count ? count(data.count, "оценка", "оценки", "оценок")
    : "оценок пока нет";
  const highest = Math.max(1, ...Object.values(data.distribution));
  const items = [5, 4, 3, 2, 1].map((score) => {
    const n = data.distribution[String(score)];
    const fill = el("div", { className: "fill" });
    fill.style.width = `${Math.round((n / highest) * 100)}%`;
    return el("li", { dataset: { score } }, el("span", { className: "score" }, `${score} ★`),
      el("div", { className: "track" }, fill), el("span", { className: "count" }, String(n)));
  });
  byId("feedback-distribution").replaceChildren(...items);
}

function renderReadings(data) {
  byId("readings-total").textContent = count(data.total, "показание", "показания", "показаний");
  byId("readings-channels").replaceChildren(...Object.entries(CHANNELS).map(([channel, title]) =>
    el("li", { dataset: { channel } }, el("span", {}, title), el("b", {}, String(data.by_channel[channel] || 0)))));
}

// ---------------------------------------------------------------- live block

const live = {
  services: [],         // [{id, letter, name}]
  waiting: {},          // service id (string) → count
  waitingTotal: 0,
  windows: [],
  longest: null,        // {label, queued_at} of the longest-waiting ticket
  printJobs: [],
};

function renderLive() {
  const total = live.waitingTotal;
  byId("live-waiting-total").textContent = total
    ? `${plural(total, "Ожидает", "Ожидают", "Ожидают")} ${count(total, "человек", "человека", "человек")}`
    : "Никто не ожидает";
  byId("live-waiting-total").dataset.count = String(total);
  byId("live-services").replaceChildren(...live.services.map((service) => {
    const n = live.waiting[String(service.id)] || 0;
    return el("li", { dataset: { serviceId: service.id, zero: String(n === 0) } },
      el("span", { className: "letter" }, service.letter), el("span", {}, service.name),
      el("span", { className: "count" }, String(n)));
  }));
  renderWindows();
  renderLongest();
  renderPrintJobs();
}

function renderWindows() {
  byId("live-windows").replaceChildren(...live.windows.map((window) => {
    let who = "";
    if (window.operator) {
      const ticket = window.current_ticket;
      const doing = !ticket ? "свободно"
        : ticket.status === "called" ? `вызван ${ticket.label}` : `обслуживает ${ticket.label}`;
      who = window.state === "break" ? `${window.operator.name} · перерыв` : `${window.operator.name} · ${doing}`;
    }
    return el("li", { dataset: { windowId: window.id, state: window.state } },
      el("span", { className: "w-label" }, window.label),
      el("span", { className: "w-state" }, WINDOW_STATES[window.state] || window.state),
      el("span", { className: "w-who" }, who));
  }));
}

function renderLongest() {
  const box = byId("live-longest");
  if (!live.longest) {
    box.textContent = "";
    box.dataset.level = "none";
    return;
  }
  const waited = Math.max(0, Math.floor((serverNow() - Date.parse(live.longest.queued_at)) / 60000));
  box.textContent = `Дольше всех ждёт ${live.longest.label}: ${waited < 1 ? "меньше минуты" : minutesWord(waited)}`;
  box.dataset.level = levelOfWait(waited);
}

/** Jobs that failed, or wait longer than a printer normally takes: grouped by kiosk. */
function printProblems() {
  const byDevice = new Map();
  for (const job of live.printJobs) {
    const age = serverNow() - Date.parse(job.created_at || serverNow().toISOString());
    if (!job.error && age < PRINT_LATE_MS) continue;  // just queued: the agent is on it
    const entry = byDevice.get(job.device) || { device: job.device, jobs: 0, error: null };
    entry.jobs += 1;
    entry.error = job.error || entry.error;
    byDevice.set(job.device, entry);
  }
  return [...byDevice.values()];
}

function renderPrintJobs() {
  const list = byId("live-print");
  const problems = printProblems();
  if (!problems.length) {
    list.replaceChildren(el("li", { className: "ok" }, "Терминалы печатают без ошибок"));
    return;
  }
  list.replaceChildren(...problems.map((problem) => el("li", { dataset: { device: problem.device } },
    el("b", {}, problem.device),
    `: ${plural(problem.jobs, "не напечатан", "не напечатаны", "не напечатано")} `
      + `${count(problem.jobs, "документ", "документа", "документов")}`,
    ` — ${problem.error || "принтер не отвечает"}`)));
}

async function refreshState() {
  try {
    const state = await apiGet(`${OFFICE_API}/state`);
    live.waiting = state.waiting;
    live.waitingTotal = state.waiting_total;
    live.windows = state.windows;
    renderLive();
  } catch {
    /* the next push or reconnect brings it */
  }
}

async function refreshLongest() {
  try {
    const waiting = await apiGet(`${OFFICE_API}/tickets?status=waiting`);
    live.longest = waiting.reduce((oldest, ticket) =>
      (!oldest || ticket.queued_at < oldest.queued_at ? ticket : oldest), null);
    renderLongest();
  } catch {
    /* keep the previous figure */
  }
}

async function refreshPrintJobs() {
  try {
    live.printJobs = await apiGet(`${OFFICE_API}/print-jobs`);
    renderPrintJobs();
  } catch {
    /* keep the previous list */
  }
}

// Pushes come in bursts (a call changes a ticket, a window and the counts):
// each kind of re-read runs once per burst.
const timers = {};
function later(name, delay, task) {
  clearTimeout(timers[name]);
  timers[name] = setTimeout(task, delay);
}

function somethingChanged({ state = false } = {}) {
  if (state) later("state", LIVE_REFRESH_MS, refreshState);
  later("longest", LIVE_REFRESH_MS, refreshLongest);
  if (includesToday()) later("report", REPORT_REFRESH_MS, loadReport);
}

function setConnected(online) {
  const badge = byId("connection");
  badge.dataset.online = String(online);
  badge.textContent = online ? "на связи" : "нет связи";
  document.body.dataset.online = String(online);
}

function connectSocket() {
  const socket = connectStaffSocket(config.officeId, setConnected, LOGIN_URL);
  socket.on("snapshot", (snapshot) => {
    live.services = snapshot.services;
    live.waiting = snapshot.waiting;
    live.waitingTotal = snapshot.waiting_total;
    live.windows = snapshot.windows;
    renderLive();
    refreshLongest();
    refreshPrintJobs();
    if (includesToday()) later("report", LIVE_REFRESH_MS, loadReport);  // missed while offline
  });
  socket.on("queue_changed", (counts) => {
    live.waiting = counts.waiting;
    live.waitingTotal = counts.waiting_total;
    renderLive();
    somethingChanged();
  });
  socket.on("ticket_called", () => somethingChanged({ state: true }));
  socket.on("ticket_updated", () => somethingChanged({ state: true }));
  socket.on("window_updated", () => somethingChanged({ state: true }));
  socket.on("print_problem", (problem) => {
    if (!live.printJobs.some((job) => job.id === problem.id)) {
      live.printJobs.push({ id: problem.id, kind: problem.kind, error: problem.error, device: problem.device,
        created_at: null });
      renderPrintJobs();
    }
    later("print", LIVE_REFRESH_MS, refreshPrintJobs);
  });
}

// ---------------------------------------------------------------- start

function start() {
  for (const button of document.querySelectorAll("[data-preset]")) {
    button.addEventListener("click", () => {
      const preset = button.dataset.preset;
      if (preset === "custom") {
        range.preset = "custom";
        renderRangeControls();
        byId("range-from").focus();
        return;
      }
      const [from, to] = presetRange(preset);
      setRange(from, to, preset);
    });
  }
  byId("range-form").addEventListener("submit", (event) => {
    event.preventDefault();
    let from = byId("range-from").value;
    let to = byId("range-to").value;
    if (!from || !to) return;
    if (from > to) [from, to] = [to, from];
    setRange(from, to, "custom");
  });
  byId("logout").addEventListener("click", async (event) => {
    event.preventDefault();
    try {
      await fetch("/api/v1/auth/logout", { method: "POST", credentials: "same-origin",
        headers: { "X-CSRF-Token": CSRF, "Content-Type": "application/json" }, body: "{}" });
    } finally {
      window.location.assign(LOGIN_URL);
    }
  });
  setInterval(() => { renderLongest(); renderPrintJobs(); }, LONGEST_TICK_MS);

  const params = new URLSearchParams(window.location.search);
  const from = params.get("from");
  const to = params.get("to");
  const valid = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text || "");
  if (valid(from) && valid(to) && from <= to) setRange(from, to);
  else setRange(...presetRange("today"), "today");
  renderLive();
  connectSocket();
}

start();
