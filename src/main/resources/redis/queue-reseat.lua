-- requires: gate.lua
-- Puts back a token's entry that Redis lost (the gate answered "missing", gate.lua): the user is put
-- in the waiting line at the arrival number the signed token carries (a pre-queue token, arrival 0,
-- at its draw score), so the same place relative to everyone else, with the same token id, and is
-- answered as the gate answers. Idempotent: a second call, or one racing it, finds the entry there
-- and re-seats nothing. Never re-seats a token in the record of ended entries, nor one the caller
-- found spent in the database (then it records it as ended, so its next use is refused in Redis
-- alone); never replaces another entry of the same user.
-- Raises the arrival counter to at least the re-seated arrival, so a user who arrives afterwards
-- stands behind it (one who arrived after the loss and before this re-seat does not: see
-- docs/reliability.md).
-- KEYS: 1 waiting, 2 active, 3 seen, 4 entries, 5 deadlines, 6 controls, 7 ended entries,
--       8 arrival sequence, 9 eta records
-- ARGV: 1 user id, 2 token id, 3 arrival (the token's), 4 pre-queue draw score in (0, 1),
--       5 spent (1 when a payment spent the token), 6 active-ttl ms, 7 now in epoch ms ('' = TIME)
-- Returns {re-seated (1|0), state, value} with the gate's state and value after it (0 ended)
local now = clock(ARGV[7])
local user, tokenId = ARGV[1], ARGV[2]
local entryKeys = {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]}
if ARGV[5] == '1' then
  if isEntry(KEYS[4], user, tokenId) then
    endEntry({KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[9]}, user, KEYS[7], now)
  end
  recordEnded(KEYS[7], tokenId, now)
  return {0, 0, 0}
end
local opensAt = tonumber(redis.call('HGET', KEYS[6], 'opensAt') or '0')
local reseated = 0
if not redis.call('ZSCORE', KEYS[7], tokenId) then
  local entry = redis.call('HGET', KEYS[4], user)
  local lost = not entry
  if isTokensEntry(entry, tokenId) then
    -- the entry's field survived but its place did not (a partial loss)
    lost = not redis.call('ZSCORE', KEYS[1], user) and not redis.call('ZSCORE', KEYS[2], user)
  end
  if lost then
    local arrival = tonumber(ARGV[3])
    local score = arrival
    if arrival == 0 then
      score = ARGV[4]
    end
    redis.call('ZADD', KEYS[1], score, user)
    redis.call('ZADD', KEYS[3], now, user)
    redis.call('HSET', KEYS[4], user, tokenId .. ':' .. arrival)
    if tonumber(redis.call('GET', KEYS[8]) or '0') < arrival then
      redis.call('SET', KEYS[8], arrival)
    end
    reseated = 1
  end
end
local state, value = gate(entryKeys, KEYS[7], user, tokenId, tonumber(ARGV[6]), now, opensAt)
if state == 5 then
  state, value = 0, 0
end
return {reseated, state, value}
