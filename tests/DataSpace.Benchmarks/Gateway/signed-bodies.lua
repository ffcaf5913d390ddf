-- wrk script: replays pre-signed requests that may carry bodies (POSTs), each once (a fresh nonce per request).
-- Arguments after `--`: FILE_PREFIX [DELAY_MS]. Thread k reads FILE_PREFIX.k: raw HTTP/1.1 requests (headers with
-- Content-Length, then the body), each followed by one NUL byte, which no request holds.
-- Prints the same RESULT line as signed-requests.lua.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1] .. "." .. id, "rb"))
  local content = file:read("*a")
  file:close()
  requests = {}
  local from = 1
  while true do
    local at = string.find(content, "\0", from, true)
    if at == nil then break end
    requests[#requests + 1] = string.sub(content, from, at - 1)
    from = at + 1
  end
  assert(#requests > 0, "no requests in " .. args[1] .. "." .. id)
  next_request = 0
  reused = 0
  pause = tonumber(args[2] or "0")
end

function request()
  next_request = next_request + 1
  if next_request > #requests then
    -- Out of fresh requests: the replay would be refused, and counted as a non-2xx response.
    next_request = 1
    reused = reused + 1
  end
  return requests[next_request]
end

function delay()
  return pause
end

function done(summary, latency, requests)
  local reused_total = 0
  for _, thread in ipairs(threads) do
    reused_total = reused_total + (thread:get("reused") or 0)
  end
  io.write(string.format("RESULT requests=%d duration_us=%d non2xx=%d socket_errors=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d wrapped=%d\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, reused_total))
end
