// Small pieces every view uses: avatars, the private room's lock, message text with links, times, and the
// clock that times count from (it ticks every 30 s, so "5 min ago" stays true without a render per second).

import { h, ref } from '../vendor/vue.runtime.esm-browser.prod.js';
import { initials, avatarClass, exactTime, relativeTime, linkify, splitOverrides } from '../format.js';

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

export function MessageText(text) {
  return linkify(text).flatMap((piece) => (piece.href
    ? [h('a', { href: piece.href, target: '_blank', rel: 'noopener noreferrer' }, piece.text)]
    : splitOverrides(piece.text).map((part) => (part.control
      ? h('span', { class: 'bidi-control', title: 'A text direction control, shown instead of obeyed' }, `⟨${part.control}⟩`)
      : part.text))));
}

export function Time(date) {
  return h('time', { class: 'msg-time', datetime: date.toISOString(), title: exactTime(date) },
    relativeTime(date, now.value));
}
