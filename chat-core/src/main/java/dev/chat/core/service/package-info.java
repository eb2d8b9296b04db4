/** The use cases, implemented once; {@link dev.chat.core.service.ChatCore} is the one public way to build them. */
package dev.chat.core.service;
