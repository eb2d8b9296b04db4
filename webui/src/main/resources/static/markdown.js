// The Markdown a message may use, parsed into a tree of plain objects that views/pieces.js renders with h().
// Nothing here touches the DOM or builds HTML: what is not recognised stays text, HTML included.
//
// Blocks: fenced code (``` with an optional language word), block quotes ("> ", nested up to MAX_QUOTE deep) and
// everything else as lines of text, whose line breaks stay line breaks. Inline: `code`, **strong** / __strong__,
// *em* / _em_ (not inside words), ~~del~~, [text](destination) for http:, https: and mailto: destinations only,
// and bare http(s) addresses. Emphasis follows CommonMark's delimiter rules, nested up to MAX_EMPHASIS deep.
//
// The work is linear in the text, as in CommonMark's reference parsers, so that no message, however hostile, costs
// more than a few milliseconds: no regular expression here backtracks more than the run it looks at, brackets and
// delimiters are matched on stacks that each position enters once, the openers a closer has looked past are not
// looked at again, a nested part of the linked list is moved by its two ends (never node by node), and the only
// look-ahead, a link's destination after "](", stops within MAX_DESTINATION_PARENS parentheses.
//
// The tree:
//   block:  {type: 'paragraph', children: [inline]} | {type: 'quote', children: [block]}
//           | {type: 'code_block', text, lang}   (lang: a word such as "java", or null)
//   inline: {type: 'text', text} | {type: 'code', text} | {type: 'strong' | 'em' | 'del', children: [inline]}
//           | {type: 'link', href, children: [inline]}   (href: http:, https: or mailto: only)

import { addText, inlines } from './markdown-inline.js';

/** A ">" inside this many quotes is text. */
const MAX_QUOTE = 3;

const FENCE = /^(`{3,})([^`]*)$/;
const FENCE_CLOSE = /^(`{3,})[ \t]*$/;
const LANGUAGE = /^[A-Za-z0-9_+#.-]{1,32}$/;
const BLANK_LINES = /(\n(?:[ \t]*\n)+)/;

/** The message's text as a list of blocks (see the tree above). */
export function parseMarkdown(text) {
  return blocks(String(text).split('\n'), 0);
}

function blocks(lines, depth) {
  const out = [];
  let paragraph = [];
  const endParagraph = (blockFollows) => {
    if (paragraph.length === 0) return;
    // The line break before a block stays in the text, so that a blank line before a quote still shows.
    out.push({ type: 'paragraph', children: inlineChunks(paragraph.join('\n') + (blockFollows ? '\n' : '')) });
    paragraph = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      endParagraph(true);
      const ticks = fence[1].length;
      const body = [];
      // As in CommonMark, a fence that is never closed runs to the end of the message (or of the quote).
      for (i++; i < lines.length; i++) {
        const close = FENCE_CLOSE.exec(lines[i]);
        if (close && close[1].length >= ticks) {
          i++;
          break;
        }
        body.push(lines[i]);
      }
      const word = fence[2].trim().split(/[ \t]+/)[0];
      out.push({ type: 'code_block', text: body.join('\n'), lang: LANGUAGE.test(word) ? word : null });
    } else if (depth < MAX_QUOTE && line.startsWith('>')) {
      endParagraph(true);
      const quoted = [];
      for (; i < lines.length && lines[i].startsWith('>'); i++) quoted.push(lines[i].slice(lines[i][1] === ' ' ? 2 : 1));
      out.push({ type: 'quote', children: blocks(quoted, depth + 1) });
    } else {
      paragraph.push(line);
      i++;
    }
  }
  endParagraph(false);
  return out;
}

/** Inline Markdown does not reach across a blank line: each stretch between blank lines is parsed alone. */
function inlineChunks(text) {
  const out = [];
  text.split(BLANK_LINES).forEach((part, k) => {
    if (k % 2 === 1) addText(out, part);
    else if (part) for (const node of inlines(part)) if (node.type === 'text') addText(out, node.text); else out.push(node);
  });
  return out;
}
