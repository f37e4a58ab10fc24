-- A prelude (see LuaScripts): a concert's entries. An entry is the field entries[user] =
-- 'tokenId:arrival' while the user waits (waiting, seen) or holds the active slot (active, deadlines);
-- a waiting entry may also have its wait estimate kept (eta).
-- keys: {waiting, active, seen, entries, deadlines, eta} of the concert

-- Whether the user's entry is the one the token names: a token of an older entry of the same user
-- (left, lapsed, entered again) names no entry.
local function isEntry(entries, user, tokenId)
  local entry = redis.call('HGET', entries, user)
  if not entry then
    return false
  end
  return string.sub(entry, 1, #tokenId + 1) == tokenId .. ':'
end

-- Ends the user's entry wherever it is kept. Returns true when it held the active slot.
local function endEntry(keys, user)
  local wasActive = redis.call('ZREM', keys[2], user) == 1
  redis.call('ZREM', keys[1], user)
  redis.call('ZREM', keys[3], user)
  redis.call('HDEL', keys[4], user)
  redis.call('HDEL', keys[5], user)
  redis.call('HDEL', keys[6], user)
  return wasActive
end
