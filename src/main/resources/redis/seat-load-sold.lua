-- Rebuilds a concert's sold markers from the database's sold seats, then marks them loaded, so the
-- hold script can trust them again after Redis lost its data.
-- KEYS: 1 loaded marker, 2.. one sold set per date
-- ARGV: per sold set, its seat numbers joined by ','
for i = 2, #KEYS do
  for seat in string.gmatch(ARGV[i - 1], '[^,]+') do
    redis.call('SADD', KEYS[i], seat)
  end
end
redis.call('SET', KEYS[1], '1')
return 1
