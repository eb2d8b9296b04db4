// Pure helpers for showing people and messages: avatars, times, day separators, links.
// Nothing here touches the DOM, and nothing turns user text into HTML.

const AVATAR_COLOURS = 8;

/** Up to two initials: "ana" → "AN", "ana-maria" → "AM", "guest-k3x9q1" → "GK". */
export function initials(name) {
  const parts = String(name).split(/[-_.\s]+/).filter(Boolean);
  if (parts.length >= 2) return (parts[0][0] + parts[1][0]).toUpperCase();
  return String(name).slice(0, 2).toUpperCase();
}

/** A colour class that is always the same for one name, so a person is recognisable everywhere. */
export function avatarClass(name) {
  let hash = 0;
  for (const ch of String(name)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return `avatar-${hash % AVATAR_COLOURS}`;
}

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndClock = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });

/** The full date and time, for a tooltip. */
export function exactTime(date) {
  return exact.format(date);
}

/** "just now", "5 min ago", "14:02" today, "Mar 3, 14:02" before. */
export function relativeTime(date, now) {
  const seconds = Math.round((now - date) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  if (sameDay(date, new Date(now))) return clock.format(date);
  return dayAndClock.format(date);
}

export function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "Today", "Yesterday" or the full day, for a separator above a day's first message. */
export function dayLabel(date, now) {
  const today = new Date(now);
  if (sameDay(date, today)) return 'Today';
  const yesterday = new Date(today);
  yesterday.setDate(today.getDate() - 1);
  if (sameDay(date, yesterday)) return 'Yesterday';
  return longDay.format(date);
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING = /[).,;:!?\]}]+$/;

/**
 * Splits text into plain pieces and web links: [{text}, {text, href}, …]. Only http and https
 * addresses become links, so "javascript:" and friends stay text. The caller renders every piece
 * as text, never as HTML.
 */
export function linkify(text) {
  const pieces = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    const trailing = url.match(TRAILING);
    if (trailing) url = url.slice(0, url.length - trailing[0].length);
    // A closing parenthesis belongs to the address when it closes one opened inside it (…/Foo_(bar)).
    while (url.length < match[0].length && match[0][url.length] === ')'
      && (url.match(/\(/g) || []).length > (url.match(/\)/g) || []).length) url += ')';
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    let href = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') href = parsed.href;
    } catch (ignored) {
      href = null;
    }
    pieces.push(href ? { text: url, href } : { text: url });
    last = match.index + url.length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

const OVERRIDES = /[\u202A-\u202E]/g;

/**
 * Splits text at the bidirectional embedding and override controls (U+202A–U+202E): [{text}, {control}, …].
 * The caller shows each control as a visible mark instead of obeying it, so that "invoice\u202Efdp.exe" cannot
 * pass for "invoiceexe.pdf". Marks and isolates (U+200E, U+200F, U+2066–U+2069), which right-to-left writing
 * needs, stay as they are: the message is isolated from what surrounds it anyway.
 */
export function splitOverrides(text) {
  const pieces = [];
  let last = 0;
  for (const match of text.matchAll(OVERRIDES)) {
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    pieces.push({ control: 'U+' + match[0].codePointAt(0).toString(16).toUpperCase() });
    last = match.index + 1;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/** "ana is typing…", "ana and bob are typing…", "ana, bob and 2 others are typing…". */
export function typingLine(users) {
  if (users.length === 0) return '';
  if (users.length === 1) return `${users[0]} is typing…`;
  if (users.length === 2) return `${users[0]} and ${users[1]} are typing…`;
  if (users.length === 3) return `${users[0]}, ${users[1]} and ${users[2]} are typing…`;
  return `${users[0]}, ${users[1]} and ${users.length - 2} others are typing…`;
}

/** Length as the server counts it: in code points. */
export function textLength(text) {
  let n = 0;
  for (const ignored of text) n++;
  return n;
}
