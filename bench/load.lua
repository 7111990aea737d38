-- wrk script for bench/run.sh: POSTs the request bodies of the file named by $BODIES (one a line,
-- written by LoadClient bodies ...) in random order, counts answers that are not 200 or carry
-- GraphQL errors, and prints one line: p50, p95, requests/s, requests, errors.
bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
failures = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + #threads)
end

-- BEARER, when set, is sent as the bearer token (a server with anonymous access off)
local headers = {["content-type"] = "application/json"}
if os.getenv("BEARER") then headers["authorization"] = "Bearer " .. os.getenv("BEARER") end

function request()
  return wrk.format("POST", "/graphql", headers, bodies[math.random(#bodies)])
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then failures = failures + 1 end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("failures") end
  io.write(string.format("p50 %.2f ms, p95 %.2f ms, %.0f requests/s, %d requests, %d failed\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, failed + summary.errors.status))
end
