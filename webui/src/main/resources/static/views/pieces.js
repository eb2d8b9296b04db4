// Small pieces every view uses: avatars, message text with links, times, and the clock that times
// count from (it ticks every 30 s, so "5 min ago" stays true without a render per second).

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
