-- requires: entry.lua
-- Puts a user in a concert's line, or returns the user's live entry (same place, same token id).
-- Before the concert's open time a new entry joins the pre-queue: it is scored by a secret random
-- key in (0, 1) drawn by the caller from a secure generator, so at the open the pre-queue stands in
-- a uniformly random order, ahead of every later arrival (scored by the arrival counter, >= 1).
-- While the line is draining no new entry is made (a live one is still returned).
-- KEYS: 1 waiting, 2 active, 3 seen, 4 entries, 5 deadlines, 6 arrival sequence, 7 controls, 8 eta,
--       9 ended entries
-- ARGV: 1 user id, 2 token id for a new entry, 3 now in epoch ms ('' = Redis TIME),
--       4 open time in epoch ms (0 = open from the start), 5 pre-queue key in (0, 1),
--       6 slots freed per second x1000 behind the wait estimate given (0 = keep no record),
--       7 slots free behind it (absent = 0)
-- Returns {created (1|0), token id, arrival, state ('WAITING'|'ACTIVE'|'PRE_QUEUE'|'CLOSED'),
--          position (0 unless waiting), active until ms (0 unless active),
--          1 when a lapsed entry of this user was cleared, open time ms}
local now = clock(ARGV[3])
local user = ARGV[1]
local opensAt = tonumber(ARGV[4])
-- the open time as the catalog has it, for the gate and the tick (written only when it changes)
if tonumber(redis.call('HGET', KEYS[7], 'opensAt')) ~= opensAt then
  redis.call('HSET', KEYS[7], 'opensAt', opensAt)
end
local preQueue = now < opensAt
local cleared = 0
local entry = redis.call('HGET', KEYS[4], user)
if entry then
  local sep = string.find(entry, ':', 1, true)
  local tokenId = string.sub(entry, 1, sep - 1)
  local arrival = tonumber(string.sub(entry, sep + 1))
  local rank = redis.call('ZRANK', KEYS[1], user)
  if rank then
    redis.call('ZADD', KEYS[3], now, user)
    if preQueue then
      return {0, tokenId, arrival, 'PRE_QUEUE', 0, 0, 0, opensAt}
    end
    return {0, tokenId, arrival, 'WAITING', rank + 1, 0, 0, opensAt}
  end
  local untilMs = tonumber(redis.call('ZSCORE', KEYS[2], user))
  if untilMs and untilMs > now then
    return {0, tokenId, arrival, 'ACTIVE', 0, untilMs, 0, opensAt}
  end
  -- the entry lapsed and no tick has cleared it yet: clear it here and start a new one
  endEntry({KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[8]}, user, KEYS[9], now)
  cleared = 1
end
if redis.call('HGET', KEYS[7], 'draining') == '1' then
  return {0, '', 0, 'CLOSED', 0, 0, cleared, opensAt}
end
local arrival, score = 0, ARGV[5]
if not preQueue then
  arrival = redis.call('INCR', KEYS[6])
  score = arrival
end
redis.call('ZADD', KEYS[1], score, user)
redis.call('ZADD', KEYS[3], now, user)
redis.call('HSET', KEYS[4], user, ARGV[2] .. ':' .. arrival)
if preQueue then
  return {1, ARGV[2], arrival, 'PRE_QUEUE', 0, 0, cleared, opensAt}
end
local position = redis.call('ZRANK', KEYS[1], user) + 1
if tonumber(ARGV[6]) > 0 then
  redis.call('HSET', KEYS[8], user, now .. ':' .. position .. ':' .. ARGV[6] .. ':' .. (ARGV[7] or '0'))
end
return {1, ARGV[2], arrival, 'WAITING', position, 0, cleared, opensAt}
