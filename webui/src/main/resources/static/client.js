// The chat client: session, WebSocket, rooms, messages and pending sends, as one reactive state that the
// views render, and the calls they make. It follows docs/protocol.md ("Writing a client"): messages are
// kept by id (never twice), sends carry a clientId and are resent with the same one after a reconnect,
// every joined room is rejoined with `after` = its position (the last message id or change seq seen), changes
// apply only when newer than what is shown, and a `gap` reloads the room from history.
//
// The parts, one job each, under client/: state (the reactive object), api (HTTP), storage (what survives
// a refresh), session (signing in and out), socket (connection, ping, reconnect with backoff), frames (what
// the server sends, dispatched), rooms (directory, open, leave), feed (a room's messages, joins and history),
// changes (edits, deletions, reactions, and the originals replies quote), reads (read state, mentions,
// notifications), outbox (own messages until acknowledged), presence (who is online and typing),
// members (a room's members and roles, and the people the page knows by name).
// They call each other's functions, in cycles; that is safe because no module calls another while it
// loads (their top level only declares, and state.js creates the state), so keep it that way.

import { state } from './client/state.js';
import { start, signIn, register, continueAsGuest, resetPassword, signOut } from './client/session.js';
import {
  refreshRooms, createRoom, openDm, openRoom, leaveRoom, listing, kindOf, roomLabel, roomAddress, messageAddress,
} from './client/rooms.js';
import {
  markRead, callsMe, unreadMentions, enableNotifications,
} from './client/reads.js';
import { editMessage, deleteMessage, toggleReaction, original, mayDelete } from './client/changes.js';
import { members, addMember, removeMember, setRole, mayManage, knownPeople } from './client/members.js';
import { loadOlder } from './client/feed.js';
import { send, discard, retry } from './client/outbox.js';
import { typing } from './client/presence.js';
import { retryNow } from './client/socket.js';
import { draft, keepDraft } from './client/storage.js';

export { ApiError } from './client/api.js';
export { MAX_TEXT } from './client/outbox.js';

export const client = {
  state, start, signIn, register, continueAsGuest, resetPassword, signOut, refreshRooms, createRoom, openDm, openRoom,
  leaveRoom, loadOlder, send, discard, retry, typing, retryNow, markRead, listing, kindOf, roomLabel,
  members, addMember, removeMember, setRole, mayManage, knownPeople,
  callsMe, unreadMentions, enableNotifications, editMessage, deleteMessage, toggleReaction, original, mayDelete,
  draft, keepDraft, roomAddress, messageAddress,
};
