// Every frame from the server, handed to the part of the client it is about; and the errors, which
// answer a send (hold and resend, or mark it failed), a join or history read (ask again), or nothing.

import { state } from './state.js';
import { save } from './storage.js';
import { forget, closed, added, announced, unlisted } from './rooms.js';
import { join, requestHistory, answered, gap, receive, acknowledged, history } from './feed.js';
import { changed } from './changes.js';
import { mentioned, readState, retryRead } from './reads.js';
import { transmitAll, hold } from './outbox.js';
import { presence, someoneTyping } from './presence.js';
import { isOpen, connectionWorks, ponged } from './socket.js';

const RETRY_ROOM_MS = 1000;

export function handle(frame) {
  if (frame.type === 'pong') {
    ponged();
    return;
  }
  const room = frame.room && state.rooms[frame.room];
  switch (frame.type) {
    case 'joined':
      if (!room) return;
      answered(room, ['join']);
      connectionWorks();
      room.joined = true;
      room.online = [...frame.online].sort();
      if (!room.historyLoaded && room.name === state.current) requestHistory(room);
      transmitAll(room);
      retryRead(room);
      break;
    case 'message':
      if (room) receive(room, frame);
      break;
    case 'ack':
      if (room) acknowledged(room, frame);
      break;
    case 'history':
      if (room) history(room, frame);
      break;
    case 'gap':
      if (room) gap(room);
      break;
    case 'edited':
    case 'deleted':
    case 'reactions':
      if (room) changed(room, frame);
      break;
    case 'mention':
      if (typeof frame.room === 'string' && typeof frame.id === 'number') mentioned(frame);
      break;
    case 'read_state':
      if (room) readState(frame);
      break;
    case 'room_closed':
      if (room) closed(room, frame.renamedTo);
      break;
    case 'room_added':
      if (frame.room && typeof frame.room.name === 'string') added(frame.room);
      break;
    case 'room_listed':
      if (frame.room && typeof frame.room.name === 'string') announced(frame.room);
      break;
    case 'room_unlisted':
      if (typeof frame.room === 'string') unlisted(frame.room);
      break;
    case 'presence':
      if (room) presence(room, frame);
      break;
    case 'typing':
      if (room) someoneTyping(room, frame);
      break;
    case 'error':
      failed(room, frame);
      break;
    default:
      break;
  }
}

function failed(room, frame) {
  const p = frame.ref && room && room.pending.find((x) => x.clientId === frame.ref);
  if (p) {
    if (frame.code === 'rate_limited' || frame.code === 'not_stored') {
      hold(room, frame.retryAfterMs || RETRY_ROOM_MS);
    } else {
      p.state = 'failed';
      p.error = frame.message;
      save();
    }
    return;
  }
  // A late answer about a room this page has already let go (removed, deleted, left: it said so when it
  // happened), e.g. to a read marker sent just before: nothing new to tell.
  if (!room && typeof frame.room === 'string' && frame.code === 'no_such_room') return;
  const asked = room && !frame.ref && ['no_such_room', 'unavailable', 'internal'].includes(frame.code)
    ? answered(room, ['join', 'latest', 'older']) : null;
  if (room && (frame.code === 'no_such_room' || frame.code === 'invalid_room')) {
    state.notice = { kind: 'warning', text: `Room “${room.name}” is gone: ${frame.message}` };
    room.pending = [];
    forget(room.name);
    return;
  }
  if (asked) {
    // The store did not answer a join or a history read: ask again in a moment.
    if (asked.kind === 'join') room.joinSent = false;
    if (asked.kind === 'older') room.loadingOlder = false;
    setTimeout(() => {
      if (state.rooms[room.name] !== room || !isOpen()) return;
      if (asked.kind === 'join' && !room.joined && !room.joinSent) join(room);
      else if (asked.kind === 'latest' && room.joined && !room.historyLoaded && room.name === state.current) {
        requestHistory(room);
      }
    }, RETRY_ROOM_MS);
    return;
  }
  state.notice = { kind: 'warning', text: frame.message };
}
