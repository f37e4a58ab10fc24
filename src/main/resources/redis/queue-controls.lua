-- Sets a concert's runtime controls as one change: every instance's next tick reads them.
-- KEYS: 1 controls
-- ARGV: 1 paused (1|0), 2 draining (1|0), 3 max-active ('' = the configured default),
--       4 admit-per-tick ('' = default), 5 open time in epoch ms (0 = open from the start)
-- Returns 1
redis.call('HSET', KEYS[1], 'loaded', '1', 'paused', ARGV[1], 'draining', ARGV[2], 'opensAt', ARGV[5])
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], 'maxActive') else redis.call('HSET', KEYS[1], 'maxActive', ARGV[3]) end
if ARGV[4] == '' then redis.call('HDEL', KEYS[1], 'admitPerTick') else redis.call('HSET', KEYS[1], 'admitPerTick', ARGV[4]) end
return 1
