// Modal dialogs of the console (postpone, finish, transfer, confirmations).
// Each opens a <dialog> and resolves with the operator's choice, or null when
// cancelled (Esc, «Отмена», or a click outside the dialog's buttons).

import { byId, el, kbd } from "./dom.js";
import { isTyping, russianLetter } from "./keyboard.js";

/** The digit 1–9 of a key press (top row or numpad), or 0 when none. */
function digitOf(event) {
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code || "");
  return match ? Number(match[1]) : 0;
}

/**
 * Show `dialog` modally. `setup(choose, signal)` wires its controls; calling
 * choose(value) closes the dialog and resolves the promise with value.
 */
function openDialog(dialog, setup) {
  return new Promise((resolve) => {
    const controller = new AbortController();
    const { signal } = controller;
    let settled = false;
    const choose = (value) => {
      if (settled) return;
      settled = true;
      controller.abort();
      if (dialog.open) dialog.close();
      resolve(value);
    };
    dialog.addEventListener("close", () => choose(null), { signal });
    dialog.addEventListener("click", (event) => {
      if (event.target.closest("[data-dialog-cancel]")) choose(null);
    }, { signal });
    setup(choose, signal);
    dialog.showModal();
  });
}

/** Ask for how long to postpone; resolves with minutes or null. */
export function askPostponeMinutes(label) {
  const dialog = byId("dialog-postpone");
  byId("postpone-title").textContent = `Отложить талон ${label}`;
  const buttons = [...dialog.querySelectorAll("[data-minutes]")];
  return openDialog(dialog, (choose, signal) => {
    for (const button of buttons) {
      button.addEventListener("click", () => choose(Number(button.dataset.minutes)), { signal });
    }
    dialog.addEventListener("keydown", (event) => {
      const digit = digitOf(event);
      if (digit && digit <= buttons.length) {
        event.preventDefault();
        choose(Number(buttons[digit - 1].dataset.minutes));
      }
    }, { signal });
    buttons[0].focus();
  });
}

/** Ask for the outcome of the visit; resolves with {outcome: code|null} or null. */
export function askFinishOutcome(label, outcomes) {
  const dialog = byId("dialog-finish");
  byId("finish-title").textContent = `Завершить обслуживание талона ${label}`;
  const list = byId("finish-outcomes");
  const buttons = outcomes.map((outcome, index) =>
    el("button", { type: "button", className: "btn btn-choice", dataset: { outcome: outcome.code } },
      outcome.title, kbd(String(index + 1))));
  list.replaceChildren(...buttons);
  const plain = byId("finish-plain");
  return openDialog(dialog, (choose, signal) => {
    for (const button of buttons) {
      button.addEventListener("click", () => choose({ outcome: button.dataset.outcome }), { signal });
    }
    plain.addEventListener("click", () => choose({ outcome: null }), { signal });
    dialog.addEventListener("keydown", (event) => {
      const digit = digitOf(event);
      if (digit && digit <= buttons.length) {
        event.preventDefault();
        choose({ outcome: buttons[digit - 1].dataset.outcome });
      }
    }, { signal });
    plain.focus();
  });
}

/** One service in the transfer list: a big radio row with its letter. */
function serviceChoice(service) {
  const radio = el("input", { type: "radio", name: "service", value: String(service.id) });
  return el("label", { className: "service-choice", dataset: { letter: service.letter.toLowerCase() } },
    radio, el("span", { className: "service-letter" }, service.letter),
    el("span", { className: "service-name" }, service.name));
}

/** Ask where to send the visitor; resolves with {service_id, comment} or null. */
export function askTransferTarget(label, services) {
  const dialog = byId("dialog-transfer");
  const form = byId("transfer-form");
  const comment = byId("transfer-comment");
  const error = byId("transfer-error");
  byId("transfer-title").textContent = `Перенаправить талон ${label}`;
  const choices = services.map(serviceChoice);
  byId("transfer-services").replaceChildren(...choices);
  comment.value = "";
  error.hidden = true;
  return openDialog(dialog, (choose, signal) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const picked = form.querySelector("input[name=service]:checked");
      if (!picked) {
        error.hidden = false;
        return;
      }
      choose({ service_id: Number(picked.value), comment: comment.value.trim() || null });
    }, { signal });
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.tagName !== "BUTTON") {
        event.preventDefault();
        form.requestSubmit();
        return;
      }
      if (isTyping(event) && event.target.type !== "radio") return;
      const letter = russianLetter(event);
      const match = choices.find((choice) => choice.dataset.letter === letter);
      if (match) {
        event.preventDefault();
        const radio = match.querySelector("input");
        radio.checked = true;
        radio.focus();
        error.hidden = true;
      }
    }, { signal });
    (choices[0] ? choices[0].querySelector("input") : comment).focus();
  });
}

/** Ask to confirm closing the window; resolves with true or null. */
export function confirmClose(windowLabel) {
  const dialog = byId("dialog-close");
  byId("close-title").textContent = `Закончить работу в окне «${windowLabel}»?`;
  const confirm = byId("close-confirm");
  return openDialog(dialog, (choose, signal) => {
    confirm.addEventListener("click", () => choose(true), { signal });
    confirm.focus();
  });
}

/** Ask how to leave while holding a window; resolves with "close", "keep" or null. */
export function askLogout(windowLabel) {
  const dialog = byId("dialog-logout");
  byId("logout-text").textContent =
    `Если просто выйти, «${windowLabel}» останется открытым за вами: табло и терминалы будут считать его работающим.`;
  return openDialog(dialog, (choose, signal) => {
    byId("logout-close").addEventListener("click", () => choose("close"), { signal });
    byId("logout-keep").addEventListener("click", () => choose("keep"), { signal });
    byId("logout-close").focus();
  });
}
