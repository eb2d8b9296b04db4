// Reactions under a message: one chip per emoji with its count, the user's own pressed, a click toggling theirs;
// and the picker of common emoji, reached with Tab and moved through with the arrow keys.

import { h, ref, onMounted } from '../vendor/vue.runtime.esm-browser.prod.js';
import { ui, react, focusComposer } from './actions.js';

export const COMMON_EMOJI = [
  ['👍', 'thumbs up'], ['❤️', 'heart'], ['😂', 'laughing'], ['🎉', 'party'],
  ['😮', 'surprised'], ['😢', 'sad'], ['🙏', 'thank you'], ['👀', 'eyes'],
];

/** The chips of a message's reactions, or nothing when it has none. */
export function ReactionChips(room, message) {
  if (!message.reactions.length) return null;
  return h('div', { class: 'reactions', role: 'group', 'aria-label': 'Reactions' }, message.reactions.map((r) => h('button', {
    type: 'button', key: r.emoji, class: ['reaction', r.me ? 'mine' : null], 'data-emoji': r.emoji,
    'aria-pressed': String(Boolean(r.me)),
    'aria-label': `${r.emoji} ${r.count} ${r.count === 1 ? 'reaction' : 'reactions'}${r.me ? ', yours: click to take it back' : ''}`,
    title: r.me ? 'You reacted: click to take it back' : `React with ${r.emoji}`,
    onClick: () => react(room, message.id, r.emoji, false),
  }, [h('span', { class: 'reaction-emoji', 'aria-hidden': 'true' }, r.emoji),
    h('span', { class: 'reaction-count', 'aria-hidden': 'true' }, String(r.count))])));
}

/** The emoji picker open on one message: focus starts on its first emoji; Escape closes it. */
export const EmojiPicker = {
  props: { room: String, id: Number },
  setup(props) {
    const box = ref(null);
    const buttons = () => [...box.value.querySelectorAll('button')];
    onMounted(() => { if (box.value) buttons()[0].focus(); });

    function onKeydown(e) {
      const all = buttons();
      const at = all.indexOf(document.activeElement);
      const move = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
      if (move) {
        e.preventDefault();
        all[(at + move + all.length) % all.length].focus();
      } else if (e.key === 'Home' || e.key === 'End') {
        e.preventDefault();
        all[e.key === 'Home' ? 0 : all.length - 1].focus();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        ui.picker = null;
        focusComposer();
      }
    }

    return () => h('div', {
      class: 'emoji-picker card shadow-sm', ref: box, role: 'toolbar', id: 'emoji-picker',
      'aria-label': 'Pick a reaction', onKeydown,
    }, COMMON_EMOJI.map(([emoji, name], i) => h('button', {
      type: 'button', class: 'btn btn-light btn-sm emoji', key: emoji, 'data-emoji': emoji,
      'aria-label': `React with ${name}`, title: name, tabindex: i === 0 ? '0' : '-1',
      onClick: () => react(props.room, props.id, emoji, true),
    }, emoji)));
  },
};
