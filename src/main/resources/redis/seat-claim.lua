-- Claims holds for one payment attempt before its transaction: every hold must still be there and
-- be the one paid for, and no other attempt may have claimed it. A claimed hold outlives its own
-- expiry by the claim ttl (longer than the transaction may take), so a hold that lapses during the
-- payment cannot pass to someone else.
-- KEYS: hold 1, claim 1, hold 2, claim 2, ...
-- ARGV: 1 attempt id, 2 claim ttl ms, 3 now in epoch ms ('' = TIME), 4.. reservation ids in order
-- Returns {1 claimed | -1 another attempt has it | -2 lapsed or released, index of the hold, now ms}
local now = clock(ARGV[3])
local n = #KEYS / 2
for i = 1, n do
  if redis.call('EXISTS', KEYS[2 * i]) == 1 then
    return {-1, i, now}
  end
end
for i = 1, n do
  if redis.call('GET', KEYS[2 * i - 1]) ~= ARGV[3 + i] then
    return {-2, i, now}
  end
end
local claimTtl = tonumber(ARGV[2])
for i = 1, n do
  redis.call('SET', KEYS[2 * i], ARGV[1], 'PX', claimTtl)
  if redis.call('PTTL', KEYS[2 * i - 1]) < claimTtl then
    redis.call('PEXPIRE', KEYS[2 * i - 1], claimTtl)
  end
end
return {1, 0, now}
