/** The chat's HTTP API and WebSocket protocol on Netty: decoding what clients send, encoding what they receive. */
package dev.chat.adapters.netty;
