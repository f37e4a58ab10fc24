-- requires: bucket.lua
-- A token bucket (bucket.lua): up to `burst` requests at once, refilled at `rate` per second.
-- KEYS: 1 the bucket (hash: tokens, at)
-- ARGV: 1 rate per second, 2 burst, 3 now in epoch ms ('' = Redis TIME)
-- Returns {1 allowed | 0 refused, ms until a request would be allowed}
local wait = bucketWait(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), clock(ARGV[3]))
return {(wait == 0) and 1 or 0, wait}
