-- requires: entry.lua
-- Ends a live entry: the user leaves the line or gives the active slot back (also used when a
-- payment spends the token). A token of an older entry of the same user changes nothing but is
-- recorded as ended all the same: a token spent while Redis did not know its entry (lost in a failover
-- while the payment was under way) is then never re-seated (see queue-reseat.lua).
-- KEYS: 1 waiting, 2 active, 3 seen, 4 entries, 5 deadlines, 6 eta, 7 counts, 8 ended entries
-- ARGV: 1 user id, 2 token id, 3 why ('left' counts as abandoned, 'spent' does not),
--       4 now in epoch ms ('' = Redis TIME)
-- Returns 0 when the entry was not live, 1 when it was waiting, 2 when it was active
local now = clock(ARGV[4])
local user = ARGV[1]
if not isEntry(KEYS[4], user, ARGV[2]) then
  recordEnded(KEYS[8], ARGV[2], now)
  return 0
end
local wasActive = endEntry({KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]}, user, KEYS[8], now)
if ARGV[3] == 'left' then
  redis.call('HINCRBY', KEYS[7], 'left', 1)
end
if wasActive then
  return 2
end
return 1
