-- requires: entry.lua
-- Ends a live entry: the user leaves the line or gives the active slot back (also used when a
-- payment spends the token). A token of an older entry of the same user changes nothing.
-- KEYS: 1 waiting, 2 active, 3 seen, 4 entries, 5 deadlines, 6 eta, 7 counts
-- ARGV: 1 user id, 2 token id, 3 why ('left' counts as abandoned, 'spent' does not)
-- Returns 0 when the entry was not live, 1 when it was waiting, 2 when it was active
local user = ARGV[1]
if not isEntry(KEYS[4], user, ARGV[2]) then
  return 0
end
local wasActive = endEntry({KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]}, user)
if ARGV[3] == 'left' then
  redis.call('HINCRBY', KEYS[7], 'left', 1)
end
if wasActive then
  return 2
end
return 1
