-- Brings Redis in line with a committed payment; idempotent, so the reconciler may run it again
-- after a crash: the seats are marked sold for good, their holds and claims go.
-- KEYS: hold 1, claim 1, sold set 1, hold 2, claim 2, sold set 2, ..., last: the user's holds
-- ARGV: per seat: reservation id, seat number
-- Returns the number of seats settled
local n = (#KEYS - 1) / 3
for i = 1, n do
  local hold, claim, sold = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  redis.call('SADD', sold, ARGV[2 * i])
  if redis.call('GET', hold) == ARGV[2 * i - 1] then
    redis.call('DEL', hold)
  end
  redis.call('DEL', claim)
  redis.call('ZREM', KEYS[#KEYS], ARGV[2 * i - 1])
end
return n
