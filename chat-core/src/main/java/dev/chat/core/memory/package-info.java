/** In-process implementations of every out-port: for tests, for one-node embedding, and as the reference behaviour. */
package dev.chat.core.memory;
