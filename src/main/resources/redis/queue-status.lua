-- requires: gate.lua, bucket.lua
-- The gate (gate.lua) for many tokens of one concert: checks that their entries are live and records
-- each use. Called with one token by the gate of every endpoint behind the queue, with every entry an
-- instance's event streams follow (LineWatch, each tick: an open stream is presence), and with the
-- status polls of one concert that reached an instance together (see StatusPolls); then, when limiting is
-- on, it also takes one poll from each user's bucket (bucket.lua, as rate-limit.lua does; a refused
-- poll still counts as presence and keeps its place).
-- KEYS: 1 waiting, 2 active, 3 seen, 4 entries, 5 deadlines, 6 controls, 7 ended entries, then, only
--       when limiting, the poll bucket of each poll in order
-- ARGV: 1 active-ttl ms, 2 polls per second (0 = no limit), 3 poll burst, 4 now in epoch ms
--       ('' = Redis TIME), then per token: user id, token id
-- Returns per token, in order: state (0 ended, 1 waiting, 2 active, 3 pre-queue, 4 refused by the
-- limit, 5 missing: a candidate for re-seating, see gate.lua), then the position (waiting), active until ms (active), the open time ms (pre-queue) or
-- ms until a poll would be allowed (refused)
local now = clock(ARGV[4])
local activeTtl = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local opensAt = tonumber(redis.call('HGET', KEYS[6], 'opensAt') or '0')

local entryKeys = {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]}

local result = {}
local poll = 0
for i = 5, #ARGV, 2 do
  poll = poll + 1
  local state, value = gate(entryKeys, KEYS[7], ARGV[i], ARGV[i + 1], activeTtl, now, opensAt)
  if state ~= 0 and rate > 0 then
    local wait = bucketWait(KEYS[7 + poll], rate, burst, now)
    if wait > 0 then
      state, value = 4, wait
    end
  end
  result[#result + 1] = state
  result[#result + 1] = value
end
return result
