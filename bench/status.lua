-- wrk: GET /api/v1/queue/status, rotating through the tokens of bench/out/tokens.tsv (one per line,
-- token first), one Authorization header per request; each thread starts at its own offset.
local tokens = {}
local i = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = args[1] or "bench/out/tokens.tsv"
  for line in io.lines(file) do
    local t = line:match("^([^\t]+)")
    if t then tokens[#tokens + 1] = t end
  end
  i = (id or 0) * 7919
end

function request()
  i = i + 1
  local t = tokens[(i % #tokens) + 1]
  return wrk.format("GET", "/api/v1/queue/status", { ["Authorization"] = "Bearer " .. t })
end
-- wrk itself reports "Non-2xx or 3xx responses": a 401 (evicted entry) or 403 would show there
