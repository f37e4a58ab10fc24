-- Gives claimed holds back after a payment attempt failed: each hold gets its own expiry again
-- (one that passed meanwhile ends it at once), and the attempt's claims go.
-- KEYS: hold 1, claim 1, hold 2, claim 2, ...
-- ARGV: 1 attempt id, then per hold: reservation id, its expiry in epoch ms
-- Returns the number of claims given back
local n = #KEYS / 2
local given = 0
for i = 1, n do
  if redis.call('GET', KEYS[2 * i]) == ARGV[1] then
    redis.call('DEL', KEYS[2 * i])
    given = given + 1
    if redis.call('GET', KEYS[2 * i - 1]) == ARGV[2 * i] then
      redis.call('PEXPIREAT', KEYS[2 * i - 1], ARGV[2 * i + 1])
    end
  end
end
return given
