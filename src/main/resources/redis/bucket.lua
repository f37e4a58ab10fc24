-- A prelude (see LuaScripts) of the scripts that take from a token bucket (rate-limit.lua, and the
-- batched status polls of queue-status.lua): up to `burst` requests at once, refilled at `rate` per
-- second, one bucket (hash: tokens, at) per key.
-- Returns 0 when a request may go ahead (one token taken), else the ms until one would be allowed.
local function bucketWait(key, rate, burst, now)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
  local wait = 0
  if tokens >= 1 then
    tokens = tokens - 1
  else
    wait = math.ceil((1 - tokens) * 1000 / rate)
  end
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', now)
  -- a full bucket needs no memory: the key lives as long as it takes to refill
  redis.call('PEXPIRE', key, math.ceil(burst * 1000 / rate) + 1000)
  return wait
end
