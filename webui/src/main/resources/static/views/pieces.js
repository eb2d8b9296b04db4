// Small pieces every view uses: avatars, the private room's lock, icons, message text with its Markdown, times, and
// the clock that times count from (it ticks every 30 s, so "5 min ago" stays true without a render per second).

import { h, ref } from '../vendor/vue.runtime.esm-browser.prod.js';
import { initials, avatarClass, exactTime, relativeTime, clockTime, splitOverrides } from '../format.js';
import { parseMarkdown } from '../markdown.js';

export const now = ref(Date.now());
setInterval(() => { now.value = Date.now(); }, 30000);

export function Avatar(name, size) {
  return h('span', {
    class: ['avatar', avatarClass(name), size === 'small' ? 'avatar-sm' : null],
    'aria-hidden': 'true',
  }, initials(name));
}

const LOCK = 'M8 1a2 2 0 0 1 2 2v4H6V3a2 2 0 0 1 2-2m3 6V3a3 3 0 0 0-6 0v4a2 2 0 0 0-2 2v5a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2V9a2 2 0 0 0-2-2';

/** The mark of a private room: a lock, named "private" for screen readers. */
export function Lock() {
  return h('span', { class: 'lock', title: 'Private room' }, [
    h('svg', { viewBox: '0 0 16 16', width: '12', height: '12', fill: 'currentColor', 'aria-hidden': 'true', focusable: 'false' },
      h('path', { d: LOCK })),
    h('span', { class: 'visually-hidden' }, 'private'),
  ]);
}

/** A line icon (style.css draws it in the text colour); decorative: the button around it carries the name. */
export function Icon(name) {
  return h('span', { class: ['icon', `icon-${name}`], 'aria-hidden': 'true' });
}

// Parsed trees by message text: the list renders every message again on each change and each tick of `now`.
const parsed = new Map();
const PARSED_KEPT = 500;

function parsedText(text) {
  let tree = parsed.get(text);
  if (!tree) {
    tree = parseMarkdown(text);
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value);
    parsed.set(text, tree);
  }
  return tree;
}

/**
 * A message's text with its Markdown (markdown.js) as elements, built from the parsed tree with h(): every piece
 * of the user's text reaches the DOM as a text node, and every link's address is http:, https: or mailto:.
 */
export function MessageText(text) {
  return parsedText(text).flatMap(block);
}

function block(node) {
  switch (node.type) {
    case 'paragraph':
      return node.children.flatMap(inline);
    case 'quote':
      return [h('blockquote', { class: 'md-quote' }, node.children.flatMap(block))];
    case 'code_block':
      return [h('pre', { class: 'md-code-block' }, h('code', { 'data-lang': node.lang }, plain(node.text)))];
    default:
      return [];
  }
}

function inline(node) {
  switch (node.type) {
    case 'text':
      return plain(node.text);
    case 'code':
      return [h('code', plain(node.text))];
    case 'strong':
    case 'em':
    case 'del':
      return [h(node.type, node.children.flatMap(inline))];
    case 'link':
      return [h('a', { href: node.href, target: '_blank', rel: 'noopener noreferrer' }, node.children.flatMap(inline))];
    default:
      return [];
  }
}

/** Text as it is, except that a direction override is shown as a mark instead of obeyed. */
function plain(text) {
  return splitOverrides(text).map((part) => (part.control
    ? h('span', { class: 'bidi-control', title: 'A text direction control, shown instead of obeyed' }, `⟨${part.control}⟩`)
    : part.text));
}

export function Time(date) {
  return h('time', { class: 'msg-time', datetime: date.toISOString(), title: exactTime(date) },
    relativeTime(date, now.value));
}

/** The time of day alone ("14:02"), for a message that follows another of its author's. */
export function ShortTime(date) {
  return h('time', { class: 'msg-time', datetime: date.toISOString(), title: exactTime(date) }, clockTime(date));
}

/** "bot" beside the name of a bot account (its messages, its membership): a word, not only a colour. */
export function BotBadge() {
  return h('span', { class: 'badge text-bg-secondary bot-badge', title: 'A bot account' }, 'bot');
}
