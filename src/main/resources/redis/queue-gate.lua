-- Checks that a token's entry is live and records the use: a waiting user is seen (presence), an
-- active user's unused time starts again, never past the entry's hard end.
-- KEYS: 1 waiting, 2 active, 3 seen, 4 entries, 5 deadlines, 6 controls
-- ARGV: 1 user id, 2 token id, 3 active-ttl ms, 4 now in epoch ms ('' = Redis TIME)
-- Returns {state (0 dead, 1 waiting, 2 active, 3 pre-queue), position (waiting),
--          active until ms (active) or open time ms (pre-queue)}
local now = clock(ARGV[4])
local user = ARGV[1]
local entry = redis.call('HGET', KEYS[4], user)
if not entry or string.sub(entry, 1, #ARGV[2] + 1) ~= ARGV[2] .. ':' then
  return {0, 0, 0}
end
local untilMs = tonumber(redis.call('ZSCORE', KEYS[2], user))
if untilMs then
  if untilMs <= now then
    -- lapsed: the next tick clears it and releases its holds
    return {0, 0, 0}
  end
  local hardEnd = tonumber(redis.call('HGET', KEYS[5], user)) or untilMs
  local renewed = math.min(now + tonumber(ARGV[3]), hardEnd)
  if renewed > untilMs then
    redis.call('ZADD', KEYS[2], 'XX', renewed, user)
    untilMs = renewed
  end
  return {2, 0, untilMs}
end
local rank = redis.call('ZRANK', KEYS[1], user)
if not rank then
  return {0, 0, 0}
end
redis.call('ZADD', KEYS[3], 'XX', now, user)
-- before the open the place is a secret: the pre-queue's order is drawn, not earned
local opensAt = tonumber(redis.call('HGET', KEYS[6], 'opensAt') or '0')
if now < opensAt then
  return {3, 0, opensAt}
end
return {1, rank + 1, 0}
