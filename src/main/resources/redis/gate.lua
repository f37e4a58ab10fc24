-- requires: entry.lua
-- A prelude (see LuaScripts) of the scripts that pass a token through the gate: one entry's standing,
-- and its use recorded (a waiting user is seen, an active user's unused time starts again, never past
-- the entry's hard end).
-- keys: {waiting, active, seen, entries, deadlines} of the concert; ended: the concert's record of
-- ended entries; opensAt: the line's open time ms
-- Returns state (0 ended, 1 waiting, 2 active, 3 pre-queue, 5 missing), then the position (waiting),
-- active until ms (active) or the open time ms (pre-queue). Missing: Redis does not know the token's
-- entry, yet the token is not in the record of ended entries (its entry was lost with Redis's data:
-- a failover, a flush): a candidate for re-seating (queue-reseat.lua), after the caller has made sure
-- no payment spent it. Costs nothing on a live entry: the record is read only when the entry is gone.
-- A token with no place: ended (0) when the record of ended entries names it, else missing (5).
local function endedOrMissing(ended, tokenId)
  if redis.call('ZSCORE', ended, tokenId) then
    return 0, 0
  end
  return 5, 0
end

local function gate(keys, ended, user, tokenId, activeTtl, now, opensAt)
  local entry = redis.call('HGET', keys[4], user)
  if not entry then
    return endedOrMissing(ended, tokenId)
  end
  if not isTokensEntry(entry, tokenId) then
    return 0, 0
  end
  local untilMs = tonumber(redis.call('ZSCORE', keys[2], user))
  if untilMs then
    if untilMs <= now then
      -- lapsed: the next tick clears it and releases its holds
      return 0, 0
    end
    local hardEnd = tonumber(redis.call('HGET', keys[5], user)) or untilMs
    local renewed = math.min(now + activeTtl, hardEnd)
    if renewed > untilMs then
      redis.call('ZADD', keys[2], 'XX', renewed, user)
      untilMs = renewed
    end
    return 2, untilMs
  end
  local rank = redis.call('ZRANK', keys[1], user)
  if not rank then
    -- named in entries yet neither active nor waiting: only a partial loss leaves that
    return endedOrMissing(ended, tokenId)
  end
  redis.call('ZADD', keys[3], 'XX', now, user)
  -- before the open the place is a secret: the pre-queue's order is drawn, not earned
  if now < opensAt then
    return 3, opensAt
  end
  return 1, rank + 1
end
