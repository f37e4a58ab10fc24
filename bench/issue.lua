-- wrk: POST /api/v1/queue/tokens with a new random UUID v4 user id in every body, so every request
-- is a new entry at the back of concert 1's line. Each thread stops after `limit` requests
-- (argument 1, default 100000 / threads), so the line grows to a bounded length.
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local count, limit = 0, 100000
local hex = "0123456789abcdef"
local function h(n)
  local t = {}
  for k = 1, n do
    local r = math.random(1, 16)
    t[k] = hex:sub(r, r)
  end
  return table.concat(t)
end
local function uuid4()
  local v = math.random(9, 12) -- variant 10xx: 8, 9, a, b
  return h(8) .. "-" .. h(4) .. "-4" .. h(3) .. "-" .. hex:sub(v, v) .. h(3) .. "-" .. h(12)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919 + math.floor(os.clock() * 1e6))
  limit = tonumber(args[1] or "100000")
end

function request()
  count = count + 1
  if count > limit then
    wrk.thread:stop()
  end
  return wrk.format("POST", "/api/v1/queue/tokens", { ["Content-Type"] = "application/json" },
    '{"userId":"' .. uuid4() .. '","concertId":1}')
end
