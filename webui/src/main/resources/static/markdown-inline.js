// The inline half of markdown.js: code spans, emphasis, strike-through, links and bare addresses within one
// stretch of text, in linear time (see markdown.js for the tree and the bounds).

import { parseUrl, webAddressAt } from './format.js';

/** Emphasis (strong, em, del) inside this many others is shown with its markers, as text. */
const MAX_EMPHASIS = 4;
/** Longer link destinations are not links: it bounds the look-ahead after each "](". */
const MAX_DESTINATION = 2048;
/** Parentheses nested deeper than this in a link destination make it no link, as in CommonMark's cmark. */
const MAX_DESTINATION_PARENS = 32;

const SPECIAL = /[`*_~[\]hH]/g;
const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const LINK_SCHEME = /^(?:https?:\/\/|mailto:)/i;

/** Appends text to a list of inline nodes, joining it to a text node before it. */
export function addText(out, text) {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.type === 'text') last.text += text;
  else out.push({ type: 'text', text });
}

/**
 * One stretch of inline Markdown. The text is read once, left to right, into a doubly linked list of pieces
 * (text, code, addresses, links, and delimiter runs of * _ ~~ that may become emphasis); brackets and delimiter
 * runs wait on stacks, and emphasis is matched as in CommonMark's "process emphasis", with its bottoms that keep
 * the search from going over the same openers twice.
 */
export function inlines(s) {
  const head = { t: 'head', prev: null, next: null };
  let tail = head;
  let top = null; // the delimiter stack, linked through below/above
  const brackets = []; // {node, bottom}: "[" waiting for its "]"
  let activeFrom = 0; // brackets below this index are inactive: a link formed after them, and links do not nest

  const append = (node) => {
    node.prev = tail;
    node.next = null;
    tail.next = node;
    tail = node;
    return node;
  };
  const unlink = (node) => {
    node.prev.next = node.next;
    if (node.next) node.next.prev = node.prev;
    else tail = node.prev;
  };
  const pushDelimiter = (node) => {
    node.below = top;
    node.above = null;
    if (top) top.above = node;
    top = node;
  };
  const dropDelimiter = (node) => {
    if (node.below) node.below.above = node.above;
    if (node.above) node.above.below = node.below;
    else top = node.below;
  };
  /** Moves the pieces strictly between `from` and `to` into `node`, which takes their place. */
  const wrapBetween = (from, to, node) => {
    const first = from.next;
    node.children = first === to ? null : first;
    if (node.children) {
      first.prev = null;
      to.prev.next = null;
    }
    from.next = node;
    node.prev = from;
    node.next = to;
    to.prev = node;
  };

  function processEmphasis(bottom) {
    const openersBottom = []; // by bottomKey(closer): where looking for an opener may stop
    let closer = null; // the lowest delimiter above bottom
    for (let d = top; d && d !== bottom; d = d.below) closer = d;
    while (closer) {
      if (!closer.canClose) {
        closer = closer.above;
        continue;
      }
      const key = closer.kind * 6 + (closer.canOpen ? 3 : 0) + (closer.length % 3);
      const floor = openersBottom[key] === undefined ? bottom : openersBottom[key];
      let opener = closer.below;
      while (opener && opener !== bottom && opener !== floor) {
        if (opener.ch === closer.ch && opener.canOpen) {
          const oddMatch = closer.ch !== '~' && (closer.canOpen || opener.canClose)
            && closer.length % 3 !== 0 && (opener.length + closer.length) % 3 === 0;
          if (!oddMatch) break;
        }
        opener = opener.below;
      }
      if (opener && opener !== bottom && opener !== floor) {
        const use = closer.ch === '~' || (closer.count >= 2 && opener.count >= 2) ? 2 : 1;
        opener.count -= use;
        closer.count -= use;
        const tag = closer.ch === '~' ? 'del' : use === 2 ? 'strong' : 'em';
        wrapBetween(opener, closer, { t: 'emphasis', tag, marker: closer.ch.repeat(use) });
        // Delimiters between the two can no longer match anything outside: they stay text.
        opener.above = closer;
        closer.below = opener;
        if (opener.count === 0) {
          unlink(opener);
          dropDelimiter(opener);
        }
        if (closer.count === 0) {
          const next = closer.above;
          unlink(closer);
          dropDelimiter(closer);
          closer = next;
        }
      } else {
        openersBottom[key] = closer.below;
        const next = closer.above;
        if (!closer.canOpen) dropDelimiter(closer);
        closer = next;
      }
    }
    while (top && top !== bottom) dropDelimiter(top);
  }

  // Backtick runs, by length, so that finding the run that closes a code span never scans ahead.
  const runs = new Map(); // start -> length
  const startsByLength = new Map(); // length -> [start, …] in order
  const cursors = new Map(); // length -> index into startsByLength of the first run not yet passed
  for (let k = 0; k < s.length;) {
    if (s[k] !== '`') {
      k++;
      continue;
    }
    let e = k;
    while (e < s.length && s[e] === '`') e++;
    runs.set(k, e - k);
    if (!startsByLength.has(e - k)) startsByLength.set(e - k, []);
    startsByLength.get(e - k).push(k);
    k = e;
  }
  const closingRun = (start, length) => {
    const starts = startsByLength.get(length);
    let c = cursors.get(length) || 0;
    while (c < starts.length && starts[c] <= start) c++;
    cursors.set(length, c);
    return c < starts.length ? starts[c] : -1;
  };

  let pos = 0;
  let textFrom = 0;
  const flush = (upTo) => {
    if (upTo > textFrom) append({ t: 'text', text: s.slice(textFrom, upTo) });
  };

  for (;;) {
    SPECIAL.lastIndex = pos;
    const found = SPECIAL.exec(s);
    if (!found) break;
    const i = found.index;
    const c = s[i];
    pos = i + 1;
    if (c === 'h' || c === 'H') {
      const address = webAddressAt(s, i, brackets.length > 0);
      if (address) {
        pos = address.end;
        if (address.href) {
          flush(i);
          append({ t: 'address', text: s.slice(i, address.end), href: address.href });
          textFrom = pos;
        }
      }
    } else if (c === '`') {
      const length = runs.get(i);
      if (length === undefined) continue; // inside a run that was cut short: plain text
      pos = i + length;
      const close = closingRun(i, length);
      if (close < 0) continue; // no run of the same length closes it: the backticks are text
      flush(i);
      let code = s.slice(i + length, close);
      if (code.length > 2 && /^[ \n]/.test(code) && /[ \n]$/.test(code) && /[^ \n]/.test(code)) code = code.slice(1, -1);
      append({ t: 'code', text: code });
      pos = textFrom = close + length;
    } else if (c === '*' || c === '_' || c === '~') {
      let e = i;
      while (e < s.length && s[e] === c) e++;
      pos = e;
      if (c === '~' && e - i !== 2) continue; // only ~~ strikes through: "~5 min" stays as it is
      flush(i);
      const node = append(flanking(s, i, e, { t: 'delimiter', ch: c, kind: KINDS.indexOf(c), count: e - i, length: e - i }));
      if (node.canOpen || node.canClose) pushDelimiter(node);
      textFrom = e;
    } else if (c === '[') {
      flush(i);
      brackets.push({ node: append({ t: 'text', text: '[' }), bottom: top });
      textFrom = pos;
    } else if (brackets.length > 0) { // c === ']'
      const opener = brackets.pop();
      const active = brackets.length >= activeFrom;
      activeFrom = Math.min(activeFrom, brackets.length);
      const destination = active ? linkDestination(s, i + 1) : null;
      if (!destination) continue; // "]" and the "[" before it stay text
      flush(i);
      processEmphasis(opener.bottom);
      const link = { t: 'link', href: destination.href, prev: opener.node.prev, next: null };
      link.children = opener.node.next;
      if (link.children) link.children.prev = null;
      link.prev.next = link;
      tail = link;
      if (!link.children) link.children = { t: 'text', text: destination.text, prev: null, next: null };
      activeFrom = brackets.length;
      pos = textFrom = destination.end;
    }
  }
  flush(s.length);
  processEmphasis(null);
  return tree(head.next, 0, false);
}

const KINDS = '*_~';
const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const OTHER = 0;
const SPACE = 1;
const MARK = 2;

/** Whether a character is white space (as the ends of the text count), punctuation, or neither, for flanking. */
function classOf(ch) {
  if (ch === undefined) return SPACE;
  if (ch.charCodeAt(0) < 0x80) return ch <= ' ' ? SPACE : ASCII_PUNCTUATION.includes(ch) ? MARK : OTHER;
  return WHITESPACE.test(ch) ? SPACE : PUNCTUATION.test(ch) ? MARK : OTHER;
}

/** Sets whether the run s[start, end) of node.ch may open or close emphasis: CommonMark's flanking rules. */
function flanking(s, start, end, node) {
  const before = classOf(start === 0 ? undefined : characterBefore(s, start));
  const after = classOf(end === s.length ? undefined : String.fromCodePoint(s.codePointAt(end)));
  const left = after !== SPACE && (after !== MARK || before !== OTHER);
  const right = before !== SPACE && (before !== MARK || after !== OTHER);
  if (node.ch === '_') {
    // An underscore inside a word (snake_case_names) neither opens nor closes.
    node.canOpen = left && (!right || before === MARK);
    node.canClose = right && (!left || after === MARK);
  } else {
    node.canOpen = left;
    node.canClose = right;
  }
  return node;
}

/** The character (a whole surrogate pair, if it is one) that ends at s[k - 1]. */
function characterBefore(s, k) {
  const low = s.charCodeAt(k - 1);
  const high = k >= 2 ? s.charCodeAt(k - 2) : 0;
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? s.slice(k - 2, k) : s[k - 1];
}

/**
 * The link destination "(…)" at s[at], if there is one a reader may follow: {end, href, text}. Only http:,
 * https: and mailto: destinations qualify; anything else (javascript:, data:, relative) is no link, and its
 * brackets stay text.
 */
function linkDestination(s, at) {
  if (s[at] !== '(') return null;
  let k = at + 1;
  while (s[k] === ' ' || s[k] === '\t') k++;
  let start = k;
  let end;
  if (s[k] === '<') {
    start = ++k;
    while (k < s.length && s[k] !== '>' && s[k] !== '<' && s[k] !== '\n' && k - start <= MAX_DESTINATION) k++;
    if (s[k] !== '>') return null;
    end = k++;
  } else {
    let depth = 0;
    for (; k < s.length && k - start <= MAX_DESTINATION; k++) {
      const code = s.charCodeAt(k);
      if (code <= 0x20 || (code > 0x7e && WHITESPACE.test(s[k]))) break;
      if (code === 0x28) { // (
        if (++depth > MAX_DESTINATION_PARENS) return null;
      } else if (code === 0x29) { // )
        if (depth === 0) break;
        depth--;
      }
    }
    end = k;
  }
  while (s[k] === ' ' || s[k] === '\t') k++;
  if (s[k] !== ')' || end - start > MAX_DESTINATION) return null;
  const text = s.slice(start, end);
  const href = linkHref(text);
  return href ? { end: k + 1, href, text } : null;
}

function linkHref(destination) {
  const url = LINK_SCHEME.test(destination) ? parseUrl(destination) : null;
  return url && (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:') ? url.href : null;
}

/**
 * The linked pieces from `first` on as tree nodes. Emphasis deeper than MAX_EMPHASIS is given back as its
 * markers around its content, and nothing inside a link is a link (an address there is text), so the tree, and
 * the recursion that builds and renders it, stays MAX_EMPHASIS + 1 deep whatever the text.
 */
function tree(first, depth, inLink) {
  const out = [];
  const after = []; // [marker, node] to go on with once the content of an unwrapped node is done
  let node = first;
  for (;;) {
    if (!node) {
      if (after.length === 0) break;
      const [marker, next] = after.pop();
      addText(out, marker);
      node = next;
      continue;
    }
    switch (node.t) {
      case 'text':
        addText(out, node.text);
        break;
      case 'delimiter':
        addText(out, node.ch.repeat(node.count));
        break;
      case 'code':
        out.push({ type: 'code', text: node.text });
        break;
      case 'address':
        if (inLink) addText(out, node.text);
        else out.push({ type: 'link', href: node.href, children: [{ type: 'text', text: node.text }] });
        break;
      case 'emphasis':
        if (depth >= MAX_EMPHASIS) {
          addText(out, node.marker);
          after.push([node.marker, node.next]);
          node = node.children;
          continue;
        }
        out.push({ type: node.tag, children: tree(node.children, depth + 1, inLink) });
        break;
      case 'link':
        if (inLink) {
          after.push(['', node.next]);
          node = node.children;
          continue;
        }
        out.push({ type: 'link', href: node.href, children: tree(node.children, depth, true) });
        break;
      default:
        break;
    }
    node = node.next;
  }
  return out;
}
