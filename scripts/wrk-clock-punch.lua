-- POSTs punches to /api/v1/clock for the seeded people, each signed in with their own token:
-- every person clocks in, takes a break and clocks out, over and over. The punches are sent as
-- offline ones with their own `at` (one second apart from BASE, Unix seconds: each run passes a
-- later one), so the order of a person's punches is set by the client even with 64 requests in
-- flight; each person's punches come from one wrk thread, in order. Counts non-2xx answers like
-- wrk-status.lua.
-- usage: wrk -t THREADS … -s wrk-clock-punch.lua URL -- THREADS BASE TOKEN…
local threads = {}
local people, headers, next_person, base = {}, {}, 0, 0
local cycle = { "in", "breakStart", "breakEnd", "out" }

function setup(thread)
  thread:set("errors", {})
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local total = tonumber(args[1])
  base = tonumber(args[2])
  for i = 3, #args do
    if (i - 3) % total == id - 1 then
      table.insert(people, { token = args[i], step = 0 })
    end
  end
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["Content-Type"] = "application/json"
end

function request()
  next_person = next_person % #people + 1
  local p = people[next_person]
  local action = cycle[p.step % #cycle + 1]
  local at = os.date("!%Y-%m-%dT%H:%M:%SZ", base + p.step)
  p.step = p.step + 1
  headers["Authorization"] = "Bearer " .. p.token
  local body = string.format('{"action":"%s","clientId":"bench-%d-%d-%d-%d","offline":true,"at":"%s"}',
    action, base, id, next_person, p.step, at)
  return wrk.format("POST", "/api/v1/clock", headers, body)
end

function response(status, headers, body)
  if status >= 300 then
    errors[status] = (errors[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("errors")) do
      totals[status] = (totals[status] or 0) + n
    end
  end
  for status, n in pairs(totals) do
    io.write(string.format("status %d: %d\n", status, n))
  end
end
