package dev.chat.adapters.redis;

/**
 * The Lua scripts of {@link RedisPresenceStore}: each change of presence is one script, so no node ever sees half
 * of one. Keys of one room share the hash tag {@code {room}}, so a script's keys are on one Redis node.
 */
final class PresenceScripts {

    /** KEYS: room set, user set. ARGV: node, expiry, now, user, key ttl. Returns the user's live nodes. */
    static final String ARRIVE = """
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[5])
            redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return redis.call('ZCARD', KEYS[2])
            """;

    /** KEYS: room set, user set. ARGV: node, now, user. Returns the user's live nodes left. */
    static final String DEPART = """
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
            local left = redis.call('ZCARD', KEYS[2])
            if left == 0 then
              redis.call('ZREM', KEYS[1], ARGV[3])
              redis.call('DEL', KEYS[2])
            end
            return left
            """;

    /** KEYS: room set. ARGV: now, user-set key prefix. Returns the users whose every entry expired. */
    static final String SWEEP = """
            local gone = {}
            for _, user in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])) do
              local nodes = ARGV[2] .. user
              redis.call('ZREMRANGEBYSCORE', nodes, '-inf', ARGV[1])
              local newest = redis.call('ZRANGE', nodes, -1, -1, 'WITHSCORES')
              if #newest == 0 then
                redis.call('ZREM', KEYS[1], user)
                redis.call('DEL', nodes)
                table.insert(gone, user)
              else
                redis.call('ZADD', KEYS[1], newest[2], user)
              end
            end
            return gone
            """;

    /** KEYS: nodes hash. ARGV: oldest report time kept. Returns node, figures, node, figures, … of the fresh ones. */
    static final String NODES = """
            local fresh = {}
            local all = redis.call('HGETALL', KEYS[1])
            for i = 1, #all, 2 do
              local ok, report = pcall(cjson.decode, all[i + 1])
              if ok and type(report) == 'table' and tonumber(report['at']) and tonumber(report['at']) >= tonumber(ARGV[1]) then
                table.insert(fresh, all[i])
                table.insert(fresh, all[i + 1])
              else
                redis.call('HDEL', KEYS[1], all[i])
              end
            end
            return fresh
            """;

    private PresenceScripts() {}
}
