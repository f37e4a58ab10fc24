-- A token bucket: up to `burst` requests at once, refilled at `rate` per second. One bucket per key.
-- KEYS: 1 the bucket (hash: tokens, at)
-- ARGV: 1 rate per second, 2 burst, 3 now in epoch ms ('' = Redis TIME)
-- Returns {1 allowed | 0 refused, ms until a request would be allowed}
local now = clock(ARGV[3])
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
-- a full bucket needs no memory: the key lives as long as it takes to refill
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {allowed, wait}
