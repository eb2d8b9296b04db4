/** The chat's own words: self-validating value records, the entities built from them, and the events they raise. */
package dev.chat.core.domain;
