/** The HTTP API's OpenAPI description as a judge of the exchanges tests make, and the client that asks it. */
package dev.chat.testsupport.openapi;
