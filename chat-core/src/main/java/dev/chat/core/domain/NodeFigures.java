package dev.chat.core.domain;

/** What one node of a deployment reports about itself: its open connections, users in a room, messages stored in the last minute. */
public record NodeFigures(int connections, int onlineUsers, long messagesLastMinute) {}
