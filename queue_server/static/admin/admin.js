// The admin page: devices and one-time tokens, the running line, staff,
// services and windows. Talks to /api/v1/admin/...; every write carries the
// CSRF header; text from the server goes into the page only as textContent.

import { FALLBACK_MESSAGE, createApi } from "../operator/js/api.js";

const config = JSON.parse(document.getElementById("admin-config").textContent);
const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
const officeId = config.officeId;
const $ = (id) => document.getElementById(id);

const AUDIENCE = { individual: "Физические лица", business: "Юридические лица и ИП", all: "Все" };
const WINDOW_STATE = { open: "работает", break: "перерыв", closed: "закрыто" };

const api = createApi(csrfToken, "/login?next=/admin");

// --- small DOM helpers ---------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function button(text, className, onClick) {
  const node = el("button", `btn btn-small ${className || ""}`.trim(), text);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

function status(text, kind) {
  return el("span", `status status-${kind}`, text);
}

function row(cells, attributes) {
  const tr = el("tr");
  for (const [name, value] of Object.entries(attributes || {})) tr.dataset[name] = value;
  for (const cell of cells) {
    const td = el("td");
    if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === null ? "" : String(cell);
    tr.appendChild(td);
  }
  return tr;
}

function plural(n, one, few, many) {
  const mod10 = n % 10, mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return `${n} ${one}`;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return `${n} ${few}`;
  return `${n} ${many}`;
}

function formatTime(iso) {
  if (!iso) return "";
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return match ? `${match[3]}.${match[2]}.${match[1]} ${match[4]}:${match[5]}` : iso;
}

let toastTimer = null;
function toast(message, kind) {
  $("toast-text").textContent = message;
  $("toast").dataset.kind = kind || "info";
  $("toast").hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { $("toast").hidden = true; }, kind === "error" ? 9000 : 4500);
}
$("toast-close").addEventListener("click", () => { $("toast").hidden = true; });

function showError(error) {
  toast(error.message || FALLBACK_MESSAGE, "error");
}

function clearFieldErrors(form) {
  for (const node of form.querySelectorAll("[data-error-for]")) { node.hidden = true; node.textContent = ""; }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

function showFieldErrors(form, error) {
  let shown = false;
  for (const [name, message] of Object.entries(error.fields || {})) {
    const slot = form.querySelector(`[data-error-for="${name}"]`);
    if (!slot) continue;
    slot.textContent = message;
    slot.hidden = false;
    const input = form.elements[name];
    if (input && input.setAttribute) input.setAttribute("aria-invalid", "true");
    shown = true;
  }
  if (!shown) showError(error);
}

async function submitting(form, action) {
  const submit = form.querySelector('[type="submit"]');
  clearFieldErrors(form);
  if (submit) submit.disabled = true;
  try {
    return await action();
  } catch (error) {
    showFieldErrors(form, error);
    return null;
  } finally {
    if (submit) submit.disabled = false;
  }
}

function confirmAction({ title, text, ok, danger }) {
  const dialog = $("dialog-confirm");
  $("confirm-title").textContent = title;
  $("confirm-text").textContent = text;
  $("confirm-ok").textContent = ok;
  $("confirm-ok").classList.toggle("is-danger", Boolean(danger));
  return new Promise((resolve) => {
    const finish = (value) => { cleanup(); dialog.close(); resolve(value); };
    const onOk = () => finish(true);
    const onCancel = () => finish(false);
    const onClose = () => { cleanup(); resolve(false); };
    function cleanup() {
      $("confirm-ok").removeEventListener("click", onOk);
      dialog.querySelector("[data-dialog-cancel]").removeEventListener("click", onCancel);
      dialog.removeEventListener("cancel", onClose);
    }
    $("confirm-ok").addEventListener("click", onOk);
    dialog.querySelector("[data-dialog-cancel]").addEventListener("click", onCancel);
    dialog.addEventListener("cancel", onClose);
    dialog.showModal();
  });
}

// --- tabs ------------------------------------------------------------------------

const TABS = { devices: loadDevices, messages: loadMessages, staff: loadStaff, services: loadServices };

function selectTab(name) {
  for (const key of Object.keys(TABS)) {
    $(`tab-${key}`).setAttribute("aria-selected", String(key === name));
    $(`panel-${key}`).hidden = key !== name;
  }
  history.replaceState(null, "", `#${name}`);
  TABS[name]().catch(showError);
}
for (const key of Object.keys(TABS)) $(`tab-${key}`).addEventListener("click", () => selectTab(key));

// --- devices ---------------------------------------------------------------------

async function loadDevices() {
  const devices = await api.get(`/admin/offices/${officeId}/devices`);
  const body = $("devices-body");
  body.replaceChildren();
  for (const device of devices) {
    const nameCell = el("div", "device-cell");
    const nameLine = el("div", "nowrap");
    nameLine.appendChild(el("span", "name-cell", device.name));
    if (device.is_demo && device.active) nameLine.appendChild(el("span", "tag", "демо"));
    nameCell.appendChild(nameLine);
    nameCell.appendChild(el("span", "muted", device.kind === "kiosk" ? "терминал (киоск)" : "табло в зале"));
    let printing = "—";
    if (device.kind === "kiosk") {
      printing = el("div", "print-cell");
      printing.appendChild(el("span", "", device.has_printer ? "принтер есть" : "без принтера"));
      if (device.pending_print_jobs) {
        printing.appendChild(el("span", "count-warn", `ждут печати: ${device.pending_print_jobs}`));
      } else if (device.has_printer) {
        printing.appendChild(el("span", "muted", "заданий нет"));
      }
    }
    const state = device.active ? status("работает", "ok")
      : status(`отозвано ${formatTime(device.revoked_at)}`, "off");
    const actions = el("div", "actions");
    if (device.active) {
      actions.appendChild(button("Перевыпустить токен", "", () => rotateDevice(device)));
      actions.appendChild(button("Отозвать", "btn-danger", () => revokeDevice(device)));
    }
    body.appendChild(row([nameCell, printing, state, actions],
      { active: String(device.active), deviceId: String(device.id) }));
  }
  const active = devices.filter((d) => d.active).length;
  $("devices-summary").textContent = `работают: ${active} из ${devices.length}`;
  $("devices-empty").hidden = devices.length > 0;
}

function showToken(result, verb) {
  $("token-title").textContent = verb.replace("{name}", `«${result.device.name}»`);
  $("token-url").textContent = result.setup_url;
  $("token-value").textContent = result.token;
  $("token-qr").src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(result.qr_svg)}`;
  $("token-hint").textContent = result.device.kind === "kiosk"
    ? "Откройте адрес на терминале один раз — браузер запомнит устройство. Агенту печати нужен этот же токен (--token)."
    : "Откройте адрес на табло один раз — браузер запомнит устройство. Программе табло нужен этот же токен (--token).";
  $("token-card").hidden = false;
  $("token-card").scrollIntoView({ block: "nearest" });
}

$("token-done").addEventListener("click", () => {
  $("token-card").hidden = true;
  $("token-url").textContent = "";
  $("token-value").textContent = "";
  $("token-qr").removeAttribute("src");
});

for (const copy of document.querySelectorAll("[data-copy]")) {
  copy.addEventListener("click", async () => {
    const text = $(copy.dataset.copy).textContent;
    try {
      await navigator.clipboard.writeText(text);
      toast("Скопировано.");
    } catch {
      const range = document.createRange();
      range.selectNodeContents($(copy.dataset.copy));
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      toast("Текст выделен: нажмите Ctrl+C, чтобы скопировать.");
    }
  });
}

const deviceForm = $("device-form");
function syncPrinterOption() {
  const kiosk = deviceForm.elements.kind.value === "kiosk";
  $("printer-option").hidden = !kiosk;
}
for (const radio of deviceForm.querySelectorAll('input[name="kind"]')) radio.addEventListener("change", syncPrinterOption);

deviceForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const kind = deviceForm.elements.kind.value;
  const result = await submitting(deviceForm, () => api.post(`/admin/offices/${officeId}/devices`, {
    name: deviceForm.elements.name.value, kind, has_printer: kind === "kiosk" && $("device-printer").checked,
  }));
  if (!result) return;
  deviceForm.elements.name.value = "";
  showToken(result, result.device.kind === "kiosk" ? "Терминал {name} добавлен" : "Табло {name} добавлено");
  await loadDevices();
});

async function rotateDevice(device) {
  const ok = await confirmAction({
    title: `Перевыпустить токен «${device.name}»?`,
    text: "Старый токен перестанет действовать сразу: устройство отключится, пока его не настроят заново по новому адресу.",
    ok: "Перевыпустить",
  });
  if (!ok) return;
  try {
    const result = await api.post(`/admin/devices/${device.id}/rotate-token`);
    showToken(result, "Новый токен устройства {name}");
    await loadDevices();
    loadDemo();
  } catch (error) { showError(error); }
}

async function revokeDevice(device) {
  const ok = await confirmAction({
    title: `Отозвать «${device.name}»?`,
    text: "Устройство сразу перестанет работать: терминал не сможет выдавать талоны, табло — показывать вызовы. Вернуть токен нельзя, можно только добавить устройство заново.",
    ok: "Отозвать", danger: true,
  });
  if (!ok) return;
  try {
    await api.post(`/admin/devices/${device.id}/revoke`);
    toast(`Устройство «${device.name}» отозвано.`);
    await loadDevices();
    loadDemo();
  } catch (error) { showError(error); }
}

// --- running line ----------------------------------------------------------------

async function loadMessages() {
  const data = await api.get(`/admin/offices/${officeId}/board-messages`);
  renderMessages(data);
}

function renderMessages(data) {
  $("ticker-preview").textContent = data.text;
  const list = $("message-list");
  list.replaceChildren();
  for (const message of data.messages) {
    const item = el("li");
    item.dataset.messageId = String(message.id);
    item.appendChild(el("span", "message-text", message.text));
    item.appendChild(el("span", "message-time", `с ${formatTime(message.created_at)}`));
    item.appendChild(button("Убрать с табло", "", async () => {
      try {
        await api.post(`/admin/board-messages/${message.id}/deactivate`);
        toast("Сообщение убрано с табло.");
        await loadMessages();
      } catch (error) { showError(error); }
    }));
    list.appendChild(item);
  }
  $("messages-empty").hidden = data.messages.length > 0;
  $("messages-summary").textContent = data.messages.length
    ? `на табло: ${plural(data.messages.length, "сообщение", "сообщения", "сообщений")}` : "";
}

const messageForm = $("message-form");
const messageText = $("message-text");
function syncCounter() {
  const length = messageText.value.length;
  $("message-counter").textContent = `${length} / 300`;
  $("message-counter").dataset.over = String(length > 300);
}
messageText.addEventListener("input", syncCounter);
messageForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = await submitting(messageForm, () => api.post(`/admin/offices/${officeId}/board-messages`,
    { text: messageText.value }));
  if (!result) return;
  messageText.value = "";
  syncCounter();
  toast("Сообщение показано на табло.");
  await loadMessages();
});

// --- staff -----------------------------------------------------------------------

async function loadStaff() {
  const staff = await api.get(`/admin/offices/${officeId}/staff`);
  const body = $("staff-body");
  body.replaceChildren();
  for (const person of staff) {
    const who = el("div", "device-cell");
    const nameLine = el("div", "nowrap");
    nameLine.appendChild(el("span", "name-cell", person.full_name));
    if (person.is_demo && person.active) nameLine.appendChild(el("span", "tag", "демо"));
    who.appendChild(nameLine);
    who.appendChild(el("span", "muted login", person.login));
    const window = person.window ? `${person.window.label} (${WINDOW_STATE[person.window.state] || person.window.state})` : "—";
    const state = person.active ? status("активен", "ok") : status("отключён", "off");
    const actions = el("div", "actions");
    if (person.active) {
      actions.appendChild(button("Сменить пароль", "", () => askPassword(person)));
      if (person.id !== config.user.id) {
        actions.appendChild(button("Отключить", "btn-danger", () => deactivateStaff(person)));
      }
    }
    const role = el("div", "device-cell");
    role.appendChild(el("span", "", person.role_title.charAt(0).toUpperCase() + person.role_title.slice(1)));
    if (person.office_id === null) role.appendChild(el("span", "muted", "всех офисов"));
    body.appendChild(row([who, role, window, state, actions],
      { active: String(person.active), staffId: String(person.id) }));
  }
  const active = staff.filter((s) => s.active).length;
  $("staff-summary").textContent = `активны: ${active} из ${staff.length}`;
}

const staffForm = $("staff-form");
staffForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const f = staffForm.elements;
  const result = await submitting(staffForm, () => api.post(`/admin/offices/${officeId}/staff`, {
    login: f.login.value, full_name: f.full_name.value, role: f.role.value, password: f.password.value,
  }));
  if (!result) return;
  staffForm.reset();
  toast(`Учётная запись «${result.login}» создана.`);
  await loadStaff();
});

let passwordTarget = null;
function askPassword(person) {
  passwordTarget = person;
  const form = $("password-form");
  clearFieldErrors(form);
  form.reset();
  $("password-title").textContent = `Новый пароль: ${person.login}`;
  $("password-text").textContent = person.id === config.user.id
    ? "Это ваша учётная запись. Запомните новый пароль: им вы будете входить дальше."
    : `Сообщите новый пароль сотруднику (${person.full_name}) лично.`;
  $("dialog-password").showModal();
  $("password-input").focus();
}
$("password-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = $("password-form");
  const result = await submitting(form, () => api.post(`/admin/staff/${passwordTarget.id}/password`,
    { password: $("password-input").value }));
  if (!result) return;
  $("dialog-password").close();
  toast(`Пароль «${result.login}» изменён.`);
  await loadStaff();
  loadDemo();
});

async function deactivateStaff(person) {
  const holds = person.window ? ` Окно «${person.window.label}» будет закрыто.` : "";
  const ok = await confirmAction({
    title: `Отключить «${person.login}»?`,
    text: `${person.full_name} больше не сможет войти.${holds}`,
    ok: "Отключить", danger: true,
  });
  if (!ok) return;
  try {
    await api.post(`/admin/staff/${person.id}/deactivate`);
    toast(`Учётная запись «${person.login}» отключена.`);
    await loadStaff();
    loadDemo();
  } catch (error) { showError(error); }
}

for (const dialog of document.querySelectorAll("dialog")) {
  for (const cancel of dialog.querySelectorAll("[data-dialog-cancel]")) {
    cancel.addEventListener("click", () => dialog.close());
  }
}

// --- services and windows ----------------------------------------------------------

async function loadServices() {
  const data = await api.get(`/admin/offices/${officeId}/services`);
  const letters = {};
  const body = $("services-body");
  body.replaceChildren();
  for (const service of data.services) {
    letters[service.id] = service;
    const toggle = el("label", "switch");
    const input = el("input");
    input.type = "checkbox";
    input.checked = service.active;
    input.setAttribute("aria-label", `Выдавать талоны: ${service.name}`);
    const caption = el("span", "", service.active ? "выдаются" : "выключена");
    input.addEventListener("change", async () => {
      input.disabled = true;
      try {
        const updated = await api.post(`/admin/services/${service.id}/active`, { active: input.checked });
        toast(updated.active ? `Услуга «${updated.name}» снова выдаётся.` : `Услуга «${updated.name}» выключена: терминалы её больше не предлагают.`);
        await loadServices();
      } catch (error) {
        input.checked = !input.checked;
        showError(error);
      } finally { input.disabled = false; }
    });
    toggle.appendChild(caption);
    toggle.appendChild(input);
    const cellToggle = el("div", "actions");
    cellToggle.appendChild(toggle);
    body.appendChild(row([el("span", "letter", service.letter), service.name,
      AUDIENCE[service.audience] || service.audience, service.waiting || "—", cellToggle],
    { active: String(service.active) }));
  }
  const grid = $("window-grid");
  grid.replaceChildren();
  for (const window of data.windows) {
    const card = el("article", "window-card");
    card.dataset.state = window.state;
    card.appendChild(el("h3", "", window.label));
    card.appendChild(el("p", "window-meta",
      `${WINDOW_STATE[window.state] || window.state}${window.operator ? ` · ${window.operator}` : ""}`));
    const list = el("ul", "window-services");
    for (const link of window.services) {
      const service = letters[link.service_id];
      if (!service) continue;
      const item = el("li");
      item.dataset.level = link.level;
      item.appendChild(el("span", "letter", service.letter));
      item.appendChild(el("span", "", service.name));
      item.appendChild(el("span", "level", link.level === "primary" ? "основная" : "дополнительная"));
      list.appendChild(item);
    }
    card.appendChild(list);
    grid.appendChild(card);
  }
}

// --- demo credentials ----------------------------------------------------------------

async function loadDemo() {
  let demo;
  try { demo = await api.get("/admin/demo"); } catch { return; }
  const banner = $("demo-banner");
  const others = demo.staff.length - (demo.you_are_demo ? 1 : 0) + demo.devices.length;
  banner.hidden = !demo.active;
  if (!demo.active) return;
  if (others > 0) {
    const names = demo.staff.concat(demo.devices);
    $("demo-title").textContent = `Демо-учётные записи активны: ${names.join(", ")}`;
    $("demo-details").textContent = "Их пароли и токены опубликованы в документации — в рабочем офисе отключите их.";
  } else {
    $("demo-title").textContent = "Демо-доступ отключён, кроме вашей учётной записи";
    $("demo-details").textContent = "Смените свой пароль: демо-пароль известен всем, кто видел документацию.";
  }
  $("demo-disable").hidden = others <= 0;
  $("demo-change-password").hidden = !demo.you_are_demo;
}

$("demo-disable").addEventListener("click", async () => {
  const ok = await confirmAction({
    title: "Отключить демо-доступ?",
    text: "Демо-сотрудники (кроме вас) будут отключены, токены демо-устройств отозваны: устройства с ними перестанут работать. Вашу учётную запись мы оставим — смените её пароль.",
    ok: "Отключить демо-доступ", danger: true,
  });
  if (!ok) return;
  try {
    const result = await api.post("/admin/demo/disable");
    toast(`Демо-доступ отключён: сотрудников — ${result.staff_disabled}, устройств — ${result.devices_revoked}.`);
    await loadDemo();
    const current = Object.keys(TABS).find((key) => !$(`panel-${key}`).hidden);
    if (current) TABS[current]().catch(showError);
  } catch (error) { showError(error); }
});

$("demo-change-password").addEventListener("click", () => {
  askPassword({ id: config.user.id, login: config.user.name, full_name: config.user.name });
});

// --- header ----------------------------------------------------------------------------

const officeSelect = $("office-select");
if (officeSelect) {
  officeSelect.addEventListener("change", () => {
    window.location.assign(`/admin?office=${encodeURIComponent(officeSelect.value)}${window.location.hash}`);
  });
}

$("logout").addEventListener("click", async (event) => {
  event.preventDefault();
  try { await api.post("/auth/logout"); } catch { /* the session may be gone already */ }
  window.location.assign("/login?next=/admin");
});

window.addEventListener("hashchange", () => {
  const name = window.location.hash.slice(1);
  if (Object.prototype.hasOwnProperty.call(TABS, name) && $(`panel-${name}`).hidden) selectTab(name);
});

const initial = window.location.hash.slice(1);
selectTab(Object.prototype.hasOwnProperty.call(TABS, initial) ? initial : "devices");
loadDemo();
