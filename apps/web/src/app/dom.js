// Small render helpers: elements from plain data, never from HTML strings (no injection through task titles).

/** `h('button', { onclick, class: 'x' }, 'Save')`: attributes, `on*` handlers, children (strings, nodes, arrays). */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'value') element.value = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function show(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

let ids = 0;
/** A labelled input: `<label>Title <input></label>`, the label being the accessible name. */
export function field(label, control) {
  control.id ||= `f${++ids}`;
  return h('label', { for: control.id }, label, control);
}

/** A table with a caption; `rows` are arrays of cells (a cell may be `{ num: text }` for a right-aligned figure). */
export function table(caption, headers, rows) {
  const cell = (tag, value) =>
    value !== null && typeof value === 'object' && 'num' in value
      ? h(tag, { class: 'num' }, value.num)
      : h(tag, {}, value);
  return h(
    'div',
    { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((name) => cell('th', name)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            row.map((value) => cell('td', value)),
          ),
        ),
      ),
    ),
  );
}

/**
 * A region that shows loading, then content or the error: `await loadInto(box, () => api…, render)`.
 * Returns the data (or undefined after an error, which stays visible in the box).
 */
export async function loadInto(box, load, render) {
  show(box, h('p', { role: 'status', class: 'muted' }, 'Loading…'));
  try {
    const data = await load();
    show(box, render(data));
    return data;
  } catch (error) {
    show(box, errorText(error));
    return undefined;
  }
}

export const errorText = (error) => h('p', { role: 'alert', class: 'error' }, messageOf(error));

/** An API error's own message (string or list), or the error's text. */
export function messageOf(error) {
  const message = error?.message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? error);
}

/** Runs `action` with `button` disabled, showing its outcome (or error) in `out`. */
export async function busy(button, out, action) {
  button.disabled = true;
  show(out, h('p', { role: 'status', class: 'muted' }, 'Working…'));
  try {
    await action();
  } catch (error) {
    show(out, errorText(error));
  } finally {
    button.disabled = false;
  }
}

/**
 * A list that pages: loads `limit` items (`load(limit)`), renders them, and offers "Show more" while a full page
 * came back (the API's lists take `limit`, at most 500). Returns `reload()`.
 */
export function pagedInto(box, load, render, page = 50) {
  let limit = page;
  const reload = () =>
    loadInto(
      box,
      () => load(limit),
      (items) => {
        if (items.length < limit || limit >= 500) return render(items);
        const more = h('button', { type: 'button', class: 'secondary' }, 'Show more');
        more.addEventListener('click', () => {
          limit = Math.min(limit + page, 500);
          void reload();
        });
        return [render(items), more];
      },
    );
  return reload;
}
