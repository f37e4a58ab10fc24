-- Releases a hold unless a payment has claimed it. Releasing a hold that is already gone is fine.
-- KEYS: 1 hold key, 2 the user's holds in this concert, 3 the hold's payment claim
-- ARGV: 1 reservation id
-- Returns 1 released (or already gone), -1 a payment holds a claim on it
if redis.call('EXISTS', KEYS[3]) == 1 then
  return -1
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
