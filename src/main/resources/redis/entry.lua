-- A prelude (see LuaScripts): a concert's entries. An entry is the field entries[user] =
-- 'tokenId:arrival' while the user waits (waiting, seen) or holds the active slot (active, deadlines);
-- a waiting entry may also have its wait estimate kept (eta).
-- keys: {waiting, active, seen, entries, deadlines, eta} of the concert
-- An entry that ends leaves its token id in the concert's record of ended entries (the sorted set
-- 'ended', token id -> when it ended), so a token whose entry Redis no longer knows can be told
-- apart from one that ended: the first is re-seated (queue-reseat.lua), the second stays refused.

-- Whether an entry field ('tokenId:arrival', or nil) is the token's: a token of an older entry of
-- the same user (left, lapsed, entered again) names no entry.
local function isTokensEntry(entry, tokenId)
  return entry ~= nil and entry ~= false and string.sub(entry, 1, #tokenId + 1) == tokenId .. ':'
end

-- Whether the user's entry is the one the token names.
local function isEntry(entries, user, tokenId)
  return isTokensEntry(redis.call('HGET', entries, user), tokenId)
end

-- Records a token id as ended at now (ms): it is never re-seated while the record keeps it.
local function recordEnded(ended, tokenId, now)
  redis.call('ZADD', ended, now, tokenId)
end

-- Ends the user's entry wherever it is kept, and records its token id as ended (see above). Returns
-- true when it held the active slot.
local function endEntry(keys, user, ended, now)
  local entry = redis.call('HGET', keys[4], user)
  if entry then
    recordEnded(ended, string.sub(entry, 1, string.find(entry, ':', 1, true) - 1), now)
  end
  local wasActive = redis.call('ZREM', keys[2], user) == 1
  redis.call('ZREM', keys[1], user)
  redis.call('ZREM', keys[3], user)
  redis.call('HDEL', keys[4], user)
  redis.call('HDEL', keys[5], user)
  redis.call('HDEL', keys[6], user)
  return wasActive
end
