/** {@code chat admin}: room, user and message administration through the server's admin-only endpoints. */
package dev.chat.cli.admin;
