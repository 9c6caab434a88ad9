// Keyboard shortcuts of the console. Each is matched by the physical key
// (event.code, so it works in either keyboard layout) or by the Russian letter.

/** Action → key: the letter printed on the button and its key on a ЙЦУКЕН keyboard. */
export const SHORTCUTS = [
  { action: "call-next", key: " ", code: "Space" },
  { action: "recall", key: "п", code: "KeyG" },
  { action: "start", key: "с", code: "KeyC" },
  { action: "finish", key: "з", code: "KeyP" },
  { action: "no-show", key: "н", code: "KeyY" },
  { action: "transfer", key: "р", code: "KeyH" },
  { action: "postpone", key: "о", code: "KeyJ" },
  { action: "confirm-preferential", key: "д", code: "KeyL" },
  { action: "downgrade-preferential", key: "л", code: "KeyK" },
  { action: "break", key: "б", code: "Comma" },
  { action: "resume", key: "б", code: "Comma" },
  { action: "close", key: "к", code: "KeyR" },
  { action: "select-previous", key: "ArrowUp", code: "ArrowUp" },
  { action: "select-next", key: "ArrowDown", code: "ArrowDown" },
  { action: "call-selected", key: "Enter", code: "Enter" },
];

/** Keys of the Russian letters on a ЙЦУКЕН keyboard (for letters typed in a dialog). */
const RUSSIAN_BY_CODE = {
  KeyF: "а", Comma: "б", KeyD: "в", KeyU: "г", KeyL: "д", KeyT: "е", Backquote: "ё",
  Semicolon: "ж", KeyP: "з", KeyB: "и", KeyQ: "й", KeyR: "к", KeyK: "л", KeyV: "м",
  KeyY: "н", KeyJ: "о", KeyG: "п", KeyH: "р", KeyC: "с", KeyN: "т", KeyE: "у",
  KeyA: "ф", BracketLeft: "х", KeyW: "ц", KeyX: "ч", KeyI: "ш", KeyO: "щ",
  BracketRight: "ъ", KeyS: "ы", KeyM: "ь", Quote: "э", Period: "ю", KeyZ: "я",
};

/** The Russian letter of a key press in any layout (lower case), or "". */
export function russianLetter(event) {
  const typed = (event.key || "").toLowerCase();
  if (/^[а-яё]$/.test(typed)) return typed;
  return RUSSIAN_BY_CODE[event.code] || "";
}

/** True when the key press belongs to a text field, or carries a modifier. */
export function isTyping(event) {
  if (event.ctrlKey || event.altKey || event.metaKey) return true;
  const target = event.target;
  return Boolean(target && (target.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)));
}

/** The actions a key press may mean (several share a key, e.g. break/resume). */
export function actionsForKey(event) {
  const letter = russianLetter(event);
  return SHORTCUTS
    .filter((shortcut) => shortcut.code === event.code || (letter && shortcut.key === letter) ||
      (shortcut.key.length > 1 && shortcut.key === event.key))
    .map((shortcut) => shortcut.action);
}
