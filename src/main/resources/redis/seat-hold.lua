-- requires: gate.lua
-- Takes a seat hold: SET NX PX decides the winner, atomically with the user's hold limit and the
-- sold marker, so neither a limit nor a sold seat can be raced past. The token passes the gate in the
-- same call (gate.lua): one Redis call per hold, and the entry is active at the moment of the hold.
-- KEYS: 1 hold key, 2 the user's holds in this concert, 3 the date's sold seats, 4 sold markers loaded,
--       5-9 the line's waiting, active, seen, entries, deadlines, 10 the line's controls, 11 its ended entries
-- ARGV: 1 reservation id, 2 hold ttl ms, 3 max holds, 4 seat number, 5 now in epoch ms ('' = TIME),
--       6 user id, 7 token id, 8 active-ttl ms
-- Returns {1 held | -1 held or sold by someone | -2 hold limit | -3 sold markers not loaded |
--          -4 not active (then the gate's state and value), now ms[, state, value]}
local now = clock(ARGV[5])
local opensAt = tonumber(redis.call('HGET', KEYS[10], 'opensAt') or '0')
local state, value = gate({KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]}, KEYS[11], ARGV[6], ARGV[7],
  tonumber(ARGV[8]), now, opensAt)
if state ~= 2 then
  return {-4, now, state, value}
end
if redis.call('EXISTS', KEYS[4]) == 0 then
  return {-3, now}
end
if redis.call('SISMEMBER', KEYS[3], ARGV[4]) == 1 then
  return {-1, now}
end
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  return {-2, now}
end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ttl) then
  return {-1, now}
end
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ttl * 2)
return {1, now}
