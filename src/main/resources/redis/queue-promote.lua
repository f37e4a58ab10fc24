-- One promotion tick of one concert, safe to call from every instance at once: it runs at most
-- once per tick slot (Redis TIME / tick), so more instances never multiply the admission rate.
-- A run (1) ends lapsed active entries, (2) drops waiting users unseen for idle-timeout, (3) moves
-- up to admit-per-tick users from the head of the line while fewer than max-active are active.
-- KEYS: 1 waiting, 2 active, 3 seen, 4 entries, 5 deadlines, 6 last tick slot, 7 admission samples
-- ARGV: 1 max-active, 2 admit-per-tick, 3 tick ms, 4 idle-timeout ms, 5 active-ttl ms,
--       6 active-max ms, 7 most entries evicted per kind per run, 8 now in epoch ms ('' = TIME)
-- Returns {ran (1|0), waiting, active, admissions per second x1000 (-1 unknown), admitted count,
--          lapsed count, admitted users..., lapsed active users...}
local now = clock(ARGV[8])
local maxActive = tonumber(ARGV[1])
local perTick = tonumber(ARGV[2])
local tickMs = tonumber(ARGV[3])
local limit = tonumber(ARGV[7])
local slot = math.floor(now / tickMs)
local last = tonumber(redis.call('GET', KEYS[6]) or '-1')
local ran = 0
local admitted = {}
local lapsed = {}
if slot > last then
  ran = 1
  redis.call('SET', KEYS[6], slot, 'PX', tickMs * 100)
  -- (1) active entries past their time
  local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, limit)
  for i = 1, #gone do
    local user = gone[i]
    redis.call('ZREM', KEYS[2], user)
    redis.call('HDEL', KEYS[4], user)
    redis.call('HDEL', KEYS[5], user)
    lapsed[#lapsed + 1] = user
  end
  -- (2) waiting users not seen for idle-timeout
  local idle = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[4]), 'LIMIT', 0, limit)
  for i = 1, #idle do
    local user = idle[i]
    redis.call('ZREM', KEYS[3], user)
    if redis.call('ZREM', KEYS[1], user) == 1 then
      redis.call('HDEL', KEYS[4], user)
    end
  end
  -- (3) admission from the head of the line
  local hadWaiting = redis.call('ZCARD', KEYS[1]) > 0
  local free = maxActive - redis.call('ZCARD', KEYS[2])
  local n = math.min(free, perTick)
  if n > 0 and hadWaiting then
    local head = redis.call('ZPOPMIN', KEYS[1], n)
    local hardEnd = now + tonumber(ARGV[6])
    local untilMs = math.min(now + tonumber(ARGV[5]), hardEnd)
    for i = 1, #head, 2 do
      local user = head[i]
      redis.call('ZADD', KEYS[2], untilMs, user)
      redis.call('HSET', KEYS[5], user, hardEnd)
      redis.call('ZREM', KEYS[3], user)
      admitted[#admitted + 1] = user
    end
  end
  -- a sample only while someone waited: an empty line says nothing about the rate
  if hadWaiting then
    redis.call('LPUSH', KEYS[7], now .. ':' .. #admitted)
    redis.call('LTRIM', KEYS[7], 0, 119)
  end
end
-- measured admission rate over the samples of the last minute (newest first): what was admitted
-- after the oldest sample, over the time since it
local samples = redis.call('LRANGE', KEYS[7], 0, -1)
local newest, oldest, total, oldestCount = nil, nil, 0, 0
for i = 1, #samples do
  local s = samples[i]
  local sep = string.find(s, ':', 1, true)
  local at = tonumber(string.sub(s, 1, sep - 1))
  if now - at > 60000 then
    break
  end
  local n = tonumber(string.sub(s, sep + 1))
  newest = newest or at
  oldest = at
  oldestCount = n
  total = total + n
end
local rate = -1
if newest and newest > oldest then
  rate = math.floor((total - oldestCount) * 1000000 / (newest - oldest))
end
local result = {ran, redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]), rate, #admitted, #lapsed}
for i = 1, #admitted do result[#result + 1] = admitted[i] end
for i = 1, #lapsed do result[#result + 1] = lapsed[i] end
return result
