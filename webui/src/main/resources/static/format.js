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

/** "14:02". */
export function clockTime(date) {
  return clock.format(date);
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

const ADDRESS = /https?:\/\/[^\s<>"']+/iy;
const LETTER_OR_DIGIT = /[A-Za-z0-9]/;
const TRAILING = '.,;:!?]}*_~';

/**
 * The web address that starts at `index` of `text`, if one does: {end, href}, `end` being where it stops in
 * `text`. Only http and https addresses that the URL parser accepts qualify, so "javascript:" and friends stay
 * text. As with GitHub's autolinks, an address starts at a word boundary and leaves out trailing punctuation
 * ("see https://example.com/guide." keeps its full stop) and a closing parenthesis that it did not open itself
 * ("(https://example.com/a)" leaves the last one out, ".../Foo_(bar)" keeps it). With `beforeBracket`, the
 * address also stops at the first "]", for an address inside the text of a Markdown link.
 * Returns null where no address starts; {end} without href where one seemed to start but does not parse, so
 * the caller can show that stretch as text. The caller renders the address as text, never as HTML.
 */
export function webAddressAt(text, index, beforeBracket = false) {
  if (index > 0 && LETTER_OR_DIGIT.test(text[index - 1])) return null;
  ADDRESS.lastIndex = index;
  const match = ADDRESS.exec(text);
  if (!match) return null;
  let url = match[0];
  if (beforeBracket && url.includes(']')) url = url.slice(0, url.indexOf(']'));
  let opened = 0;
  let closed = 0;
  for (const ch of url) {
    if (ch === '(') opened++;
    else if (ch === ')') closed++;
  }
  let length = url.length;
  for (;;) {
    const last = url[length - 1];
    if (TRAILING.includes(last)) {
      length--;
    } else if (last === ')' && closed > opened) {
      length--;
      closed--;
    } else {
      break;
    }
  }
  const parsed = parseUrl(url.slice(0, length));
  return parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')
    ? { end: index + length, href: parsed.href } : { end: index + length };
}

/** The URL that `text` spells, or null. Asks URL.canParse first where there is one: a throw costs more than a parse. */
export function parseUrl(text) {
  if (typeof URL.canParse === 'function' && !URL.canParse(text)) return null;
  try {
    return new URL(text);
  } catch (ignored) {
    return null;
  }
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
