/** What the core needs from the outside world: stores, the fan-out between nodes, hashing and randomness. */
package dev.chat.core.port.out;
