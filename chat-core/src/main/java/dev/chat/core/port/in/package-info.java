/** What the core offers: the use cases, taking what a client sent and answering in domain terms. */
package dev.chat.core.port.in;
