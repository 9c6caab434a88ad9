// Small DOM helpers. Text from the server is always set with textContent.

/** The element with this id (throws early if the template lost it). */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`нет элемента #${id}`);
  return element;
}

/**
 * Create an element: el("li", {className: "row", dataset: {id: 5}}, "текст", child).
 * Strings become text nodes, so data can never turn into markup.
 */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "dataset") Object.assign(element.dataset, value);
    else if (name === "attrs") for (const [attr, v] of Object.entries(value)) element.setAttribute(attr, v);
    else element[name] = value;
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

/** A keyboard hint badge: <kbd>П</kbd>. */
export function kbd(text) {
  return el("kbd", {}, text);
}

/** Show or hide an element. */
export function show(element, visible) {
  element.hidden = !visible;
}
