// Who is in a room and who is typing there: the online list from `joined` and `presence` frames, the
// typing indicators others send (each shown for a while unless renewed), and the user's own typing.

import { state } from './state.js';
import { sendFrame } from './socket.js';

const TYPING_EVERY_MS = 2500;
const TYPING_SHOWN_MS = 8000;

let lastTypingSent = 0;

export function presence(room, frame) {
  if (frame.state === 'online' && !room.online.includes(frame.user)) {
    room.online = [...room.online, frame.user].sort();
  } else if (frame.state === 'offline') {
    room.online = room.online.filter((u) => u !== frame.user);
    delete room.typing[frame.user];
  }
}

export function someoneTyping(room, frame) {
  if (!state.me || frame.user === state.me.username) return;
  if (frame.stop) delete room.typing[frame.user];
  else room.typing[frame.user] = Date.now() + TYPING_SHOWN_MS;
}

/** The user typed in a room (`empty`: the box is empty again); sent at most every few seconds. */
export function typing(name, empty) {
  const room = state.rooms[name];
  if (!room || !room.joined) return;
  const now = Date.now();
  if (empty) {
    if (lastTypingSent) sendFrame({ type: 'typing', room: name, stop: true });
    lastTypingSent = 0;
  } else if (now - lastTypingSent > TYPING_EVERY_MS) {
    sendFrame({ type: 'typing', room: name });
    lastTypingSent = now;
  }
}

/** A message went out: the next keystroke says "typing" again at once. */
export function sent() {
  lastTypingSent = 0;
}

export function expireTyping() {
  const now = Date.now();
  for (const room of Object.values(state.rooms)) {
    for (const [user, until] of Object.entries(room.typing)) {
      if (until < now) delete room.typing[user];
    }
  }
}
