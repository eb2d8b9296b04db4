/**
 * Many nodes: the core's fan-out ({@link dev.chat.adapters.redis.RedisFanout}) and shared presence
 * ({@link dev.chat.adapters.redis.RedisPresenceStore}) over Redis with Redisson. {@link
 * dev.chat.adapters.redis.RedisNode} connects both.
 */
package dev.chat.adapters.redis;
