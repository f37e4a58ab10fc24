-- Prepended to every script by LuaScripts: the clock. Redis TIME in epoch milliseconds, unless the
-- caller passes a time (the seam that lets a test move time).
local function clock(given)
  local now = tonumber(given)
  if now then
    return now
  end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
