-- Where many entries of one concert stand, in one call: what every open event stream of an
-- instance needs each tick. Each waiting entry is also seen (an open stream is presence).
-- KEYS: 1 waiting, 2 active, 3 seen, 4 entries, 5 controls
-- ARGV: 1 now in epoch ms ('' = Redis TIME), then per entry: user id, token id
-- Returns per entry, in order: state (0 ended, 1 waiting, 2 active, 3 pre-queue), then the
-- position, the active-until ms or the open time ms
local now = clock(ARGV[1])
local opensAt = tonumber(redis.call('HGET', KEYS[5], 'opensAt') or '0')
local preQueue = now < opensAt
local result = {}
for i = 2, #ARGV, 2 do
  local user, tokenId = ARGV[i], ARGV[i + 1]
  local state, value = 0, 0
  local entry = redis.call('HGET', KEYS[4], user)
  if entry and string.sub(entry, 1, #tokenId + 1) == tokenId .. ':' then
    local untilMs = tonumber(redis.call('ZSCORE', KEYS[2], user))
    if untilMs then
      if untilMs > now then
        state, value = 2, untilMs
      end
    else
      local rank = redis.call('ZRANK', KEYS[1], user)
      if rank then
        redis.call('ZADD', KEYS[3], 'XX', now, user)
        if preQueue then
          state, value = 3, opensAt
        else
          state, value = 1, rank + 1
        end
      end
    end
  end
  result[#result + 1] = state
  result[#result + 1] = value
end
return result
