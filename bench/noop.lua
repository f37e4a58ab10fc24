-- wrk: GET /bench/noop (the framework's ceiling; the jar runs with --spring.profiles.active=bench).
-- Sends the same Authorization header size as status.lua, so the two runs parse the same bytes.
local tokens = {}
function init(args)
  local file = args[1] or "bench/out/tokens.tsv"
  for line in io.lines(file) do
    local t = line:match("^([^\t]+)")
    if t then tokens[#tokens + 1] = t; break end
  end
end
function request()
  return wrk.format("GET", "/bench/noop", { ["Authorization"] = "Bearer " .. tokens[1] })
end
