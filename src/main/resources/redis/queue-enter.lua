-- Puts a user in a concert's line, or returns the user's live entry (same place, same token id).
-- KEYS: 1 waiting, 2 active, 3 seen, 4 entries, 5 deadlines, 6 arrival sequence
-- ARGV: 1 user id, 2 token id for a new entry, 3 now in epoch ms ('' = Redis TIME)
-- Returns {created (1|0), token id, arrival, state ('WAITING'|'ACTIVE'), position (0 when active),
--          active until ms (0 when waiting), 1 when a lapsed entry of this user was cleared}
local now = clock(ARGV[3])
local user = ARGV[1]
local cleared = 0
local entry = redis.call('HGET', KEYS[4], user)
if entry then
  local sep = string.find(entry, ':', 1, true)
  local tokenId = string.sub(entry, 1, sep - 1)
  local arrival = tonumber(string.sub(entry, sep + 1))
  local rank = redis.call('ZRANK', KEYS[1], user)
  if rank then
    redis.call('ZADD', KEYS[3], now, user)
    return {0, tokenId, arrival, 'WAITING', rank + 1, 0, 0}
  end
  local untilMs = tonumber(redis.call('ZSCORE', KEYS[2], user))
  if untilMs and untilMs > now then
    return {0, tokenId, arrival, 'ACTIVE', 0, untilMs, 0}
  end
  -- the entry lapsed and no tick has cleared it yet: clear it here and start a new one
  redis.call('ZREM', KEYS[2], user)
  redis.call('ZREM', KEYS[3], user)
  redis.call('HDEL', KEYS[5], user)
  cleared = 1
end
local arrival = redis.call('INCR', KEYS[6])
redis.call('ZADD', KEYS[1], arrival, user)
redis.call('ZADD', KEYS[3], now, user)
redis.call('HSET', KEYS[4], user, ARGV[2] .. ':' .. arrival)
local rank = redis.call('ZRANK', KEYS[1], user)
return {1, ARGV[2], arrival, 'WAITING', rank + 1, 0, cleared}
