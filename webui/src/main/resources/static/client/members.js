// A room's members and their roles (listed, added, removed, made moderator and back), what the user may
// do to them, and the people the page knows by name, to complete names with.

import { api } from './api.js';
import { state } from './state.js';
import { listing, refreshRooms } from './rooms.js';

const MAX_MEMBER_PAGES = 10;        // at most this many pages of 100 members are shown

const path = (room, user) => `/api/rooms/${encodeURIComponent(room)}/members${user ? `/${encodeURIComponent(user)}` : ''}`;

/** Every member of a room, by name: [{username, role, since}]; throws what the server refused. */
export async function members(room) {
  let list = [];
  for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
    const after = list.length ? `?after=${encodeURIComponent(list[list.length - 1].username)}` : '';
    const answer = await api('GET', path(room) + after);
    list = list.concat(answer.members);
    if (!answer.more) break;
  }
  for (const m of list) state.people[m.username] = true;
  return list;
}

export async function addMember(room, user) {
  const member = await api('POST', path(room), { username: user });
  state.people[member.username] = true;
  return member;
}

export async function removeMember(room, user) {
  await api('DELETE', path(room, user));
}

/** Makes a member a moderator (`moderator`) or an ordinary member again (`member`). */
export async function setRole(room, user, role) {
  const member = await api('PATCH', path(room, user), { role });
  if (state.me && user === state.me.username) refreshRooms();
  return member;
}

/**
 * Whether the user may add and remove members and change roles: in a private room its owner and
 * moderators may (`role` as the member list says it, fresher than the room list), and the server's admins.
 */
export function mayManage(room, role) {
  if (!state.me || listing(room).kind !== 'private') return false;
  return state.me.admin || role === 'owner' || role === 'moderator';
}

/** The people the page knows of, but the user: members it listed, people online or writing, DM partners. */
export function knownPeople() {
  const names = new Set(Object.keys(state.people));
  for (const room of Object.values(state.rooms)) {
    room.online.forEach((u) => names.add(u));
    room.messages.forEach((m) => names.add(m.user));
  }
  for (const r of state.directory) (r.members || []).forEach((u) => names.add(u));
  if (state.me) names.delete(state.me.username);
  return [...names].sort();
}
