-- POSTs shifts with their conflict checks, spread over the seeded people and a year; counts
-- non-2xx answers by status like wrk-status.lua.
-- usage: wrk … -s wrk-shift-post.lua URL -- SCHEDULE_ID FIRST_DATE USER_ID…
local threads = {}
local people, path, first_day, headers = {}, nil, 0, {}

function setup(thread)
  thread:set("errors", {})
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path = "/api/v1/schedules/" .. args[1] .. "/shifts"
  local y, m, d = args[2]:match("(%d+)-(%d+)-(%d+)")
  first_day = os.time({ year = tonumber(y), month = tonumber(m), day = tonumber(d), hour = 12 })
  for i = 3, #args do
    table.insert(people, args[i])
  end
  -- wrk.format takes its headers whole: keep the command line's (Authorization) and add ours.
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["Content-Type"] = "application/json"
  math.randomseed(os.time() + id * 7919)
end

function request()
  local person = people[math.random(#people)]
  local date = os.date("%Y-%m-%d", first_day + math.random(0, 364) * 86400)
  local hour = math.random(6, 18)
  local body = string.format('{"assignedUserId":"%s","shiftDate":"%s","startTime":"%02d:00","endTime":"%02d:30"}',
    person, date, hour, hour + 4)
  return wrk.format("POST", path, headers, body)
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
