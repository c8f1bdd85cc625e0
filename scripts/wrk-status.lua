-- Counts non-2xx answers by status, so the benchmark can say which errors it saw.
local threads = {}

function setup(thread)
  thread:set("errors", {})
  table.insert(threads, thread)
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
