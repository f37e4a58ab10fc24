-- requires: entry.lua
-- One promotion tick of one concert, safe to call from every instance at once: it runs at most
-- once per tick slot (Redis TIME / tick), so more instances never multiply the admission rate.
-- A run (1) ends lapsed active entries, (2) drops waiting users unseen for idle-timeout, (3) moves
-- up to admit-per-tick users from the head of the line while fewer than max-active are active,
-- unless the line is paused or not open yet.
-- The operators' controls (KEYS[8]) are read on every run, so a change reaches every instance at
-- the next tick. Until they are loaded (a fresh Redis) nothing runs: the caller loads them from the
-- database and calls again, so a paused line never admits a batch because Redis forgot the pause.
-- (4) The record of ended entries forgets what no token can name any more: a token lives at most
-- its JWT lifetime, so an entry ended longer ago than that needs no record (a token of it fails
-- verification first); and it never keeps more than the given most records (the oldest go first:
-- about 100 bytes each), so its memory is bounded whatever the traffic. A record forgotten early
-- lets that ended token be re-seated after a later loss of its entry's keys (docs/reliability.md).
-- The turnover behind the wait estimate: departures from the active set (leaves, payments, lapses,
-- anything that ended an active entry) are counted as the drop of the active count between two runs
-- (only a run admits, so whatever else left the set between them departed). Once a fifth of
-- max-active has left, each run keeps a sample of the departures and of the slot-time the set was
-- occupied since the previous run (KEYS[12]); the newest samples give the mean stay (Little's law:
-- occupied slot-time / departures) however full the set was. The runs before are not sampled, so
-- the stretch after the open when nobody could have left yet does not read as long stays.
-- KEYS: 1 waiting, 2 active, 3 seen, 4 entries, 5 deadlines, 6 last tick slot, 7 admission samples,
--       8 controls, 9 eta records, 10 counts, 11 turnover (hash: active and at of the last run,
--       firstIn, early (departures before the clock started), firstOut (when it started), opened),
--       12 departure samples, 13 ended entries
-- ARGV: 1 max-active, 2 admit-per-tick (both unless the controls say otherwise), 3 tick ms,
--       4 idle-timeout ms, 5 active-ttl ms, 6 active-max ms, 7 most entries evicted per kind per
--       run, 8 now in epoch ms ('' = TIME), 9 how long an ended entry is remembered ms (the token
--       lifetime), 10 most ended entries remembered
-- Returns {ran (1|0), waiting, active, admissions per second x1000 (-1 unknown), admitted count,
--          lapsed count, idle count, controls loaded (1|0), paused (1|0), draining (1|0),
--          max-active, admit-per-tick, open time ms, now ms,
--          admitted users..., lapsed active users..., each admitted user's eta record ('' none),
--          then 4 turnover figures: departures in the window, occupied slot-ms in the window,
--          the shortest stay known (ms from the first admission until the clock started, or to now
--          before; 0 before any admission), the line's open (ms of the first run that found someone
--          waiting while open; 0 before)}
local now = clock(ARGV[8])
local entryKeys = {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[9]}
local c = redis.call('HMGET', KEYS[8], 'loaded', 'opensAt', 'paused', 'draining', 'maxActive', 'admitPerTick')
local loaded = c[1] == '1'
local opensAt = tonumber(c[2] or '0') or 0
local paused = c[3] == '1'
local draining = c[4] == '1'
local maxActive = tonumber(c[5] or ARGV[1])
local perTick = tonumber(c[6] or ARGV[2])
local tickMs = tonumber(ARGV[3])
local limit = tonumber(ARGV[7])
local slot = math.floor(now / tickMs)
local last = tonumber(redis.call('GET', KEYS[6]) or '-1')
local ran = 0
local admitted = {}
local lapsed = {}
local records = {}
local idleCount = 0
if loaded and slot > last then
  ran = 1
  redis.call('SET', KEYS[6], slot, 'PX', tickMs * 100)
  -- (1) active entries past their time
  local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, limit)
  for i = 1, #gone do
    local user = gone[i]
    endEntry(entryKeys, user, KEYS[13], now)
    lapsed[#lapsed + 1] = user
  end
  -- (2) waiting users not seen for idle-timeout
  local idle = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[4]), 'LIMIT', 0, limit)
  for i = 1, #idle do
    local user = idle[i]
    redis.call('ZREM', KEYS[3], user)
    if redis.call('ZSCORE', KEYS[1], user) then
      endEntry(entryKeys, user, KEYS[13], now)
      idleCount = idleCount + 1
    end
  end
  -- departures since the previous run (lapses of this run included)
  local activeNow = redis.call('ZCARD', KEYS[2])
  local prev = redis.call('HMGET', KEYS[11], 'active', 'at', 'firstOut')
  local prevActive, prevAt = tonumber(prev[1]), tonumber(prev[2])
  if prevActive and prevAt and now > prevAt then
    local departed = math.max(0, prevActive - activeNow)
    if prev[3] then
      -- slot-ms occupied since the previous run (a gap of more than the window counts as the window)
      local occupied = math.floor((prevActive + activeNow) * math.min(now - prevAt, 60000) / 2)
      redis.call('LPUSH', KEYS[12], now .. ':' .. departed .. ':' .. occupied)
      redis.call('LTRIM', KEYS[12], 0, 119)
    elseif departed > 0 then
      -- the clock starts once a fifth of the set has left (so a few early leavers do not start it
      -- before the others): the departures until then are not counted
      local early = redis.call('HINCRBY', KEYS[11], 'early', departed)
      if early >= math.max(1, math.ceil(maxActive / 5)) then
        redis.call('HSET', KEYS[11], 'firstOut', now)
      end
    end
  end
  -- (3) admission from the head of the line, once it is open and while it is not paused
  local admitting = now >= opensAt and not paused
  local hadWaiting = redis.call('ZCARD', KEYS[1]) > 0
  if admitting and hadWaiting then redis.call('HSETNX', KEYS[11], 'opened', now) end
  local free = maxActive - activeNow
  local n = math.min(free, perTick)
  if admitting and n > 0 and hadWaiting then
    local head = redis.call('ZPOPMIN', KEYS[1], n)
    local hardEnd = now + tonumber(ARGV[6])
    local untilMs = math.min(now + tonumber(ARGV[5]), hardEnd)
    for i = 1, #head, 2 do
      local user = head[i]
      redis.call('ZADD', KEYS[2], untilMs, user)
      redis.call('HSET', KEYS[5], user, hardEnd)
      redis.call('ZREM', KEYS[3], user)
      admitted[#admitted + 1] = user
      records[#records + 1] = redis.call('HGET', KEYS[9], user) or ''
      redis.call('HDEL', KEYS[9], user)
    end
  end
  -- a sample only while someone waited and could be admitted: an empty, paused or unopened line
  -- says nothing about the rate
  if admitting and hadWaiting then
    redis.call('LPUSH', KEYS[7], now .. ':' .. #admitted)
    redis.call('LTRIM', KEYS[7], 0, 119)
  end
  if #admitted > 0 then
    redis.call('HINCRBY', KEYS[10], 'admitted', #admitted)
    redis.call('HSETNX', KEYS[11], 'firstIn', now)
  end
  redis.call('HSET', KEYS[11], 'active', activeNow + #admitted, 'at', now)
  if #lapsed > 0 then redis.call('HINCRBY', KEYS[10], 'lapsed', #lapsed) end
  if idleCount > 0 then redis.call('HINCRBY', KEYS[10], 'idle', idleCount) end
  -- (4) the record of ended entries, bounded in time and in size
  redis.call('ZREMRANGEBYSCORE', KEYS[13], '-inf', now - tonumber(ARGV[9]))
  redis.call('ZREMRANGEBYRANK', KEYS[13], 0, -tonumber(ARGV[10]) - 1)
end
-- measured admission rate over the samples of the last minute (newest first): what was admitted per
-- second of the time between consecutive samples, leaving out gaps longer than two ticks (a pause,
-- an empty line, a line not yet open), so the rate after a resume is the line's real speed
local samples = redis.call('LRANGE', KEYS[7], 0, -1)
local total, span, prevAt, prevN = 0, 0, nil, 0
for i = 1, #samples do
  local s = samples[i]
  local sep = string.find(s, ':', 1, true)
  local at = tonumber(string.sub(s, 1, sep - 1))
  if now - at > 60000 then
    break
  end
  local n = tonumber(string.sub(s, sep + 1))
  if prevAt and prevAt - at <= 2 * tickMs then
    span = span + (prevAt - at)
    total = total + prevN
  end
  prevAt, prevN = at, n
end
local rate = -1
if span > 0 then
  rate = math.floor(total * 1000000 / span)
end
local result = {ran, redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]), rate, #admitted, #lapsed,
  idleCount, loaded and 1 or 0, paused and 1 or 0, draining and 1 or 0, maxActive, perTick, opensAt, now}
for i = 1, #admitted do result[#result + 1] = admitted[i] end
for i = 1, #lapsed do result[#result + 1] = lapsed[i] end
for i = 1, #records do result[#result + 1] = records[i] end
-- the turnover over the newest samples: those of the last minute, or fewer once they hold 100
-- departures (a busy line's window is then the last few seconds, so it follows a change soon)
local departs = redis.call('LRANGE', KEYS[12], 0, -1)
local departed, occupied = 0, 0
for i = 1, #departs do
  local s = departs[i]
  local a = string.find(s, ':', 1, true)
  local b = string.find(s, ':', a + 1, true)
  if departed >= 100 or now - tonumber(string.sub(s, 1, a - 1)) > 60000 then
    break
  end
  departed = departed + tonumber(string.sub(s, a + 1, b - 1))
  occupied = occupied + tonumber(string.sub(s, b + 1))
end
local turnover = redis.call('HMGET', KEYS[11], 'firstIn', 'firstOut', 'opened')
local firstIn = tonumber(turnover[1])
local shortest = 0
if firstIn then
  shortest = math.max(0, (tonumber(turnover[2]) or now) - firstIn)
end
result[#result + 1] = departed
result[#result + 1] = occupied
result[#result + 1] = shortest
result[#result + 1] = tonumber(turnover[3]) or 0
return result
