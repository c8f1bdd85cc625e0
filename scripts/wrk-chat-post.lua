-- POSTs chat messages to one channel; counts non-2xx answers by status like wrk-status.lua.
-- usage: wrk … -s wrk-chat-post.lua URL -- CHANNEL_ID
local threads = {}
local path, headers, n = nil, {}, 0

function setup(thread)
  thread:set("errors", {})
  table.insert(threads, thread)
end

function init(args)
  path = "/api/v1/chat/channels/" .. args[1] .. "/messages"
  -- wrk.format takes its headers whole: keep the command line's (Authorization) and add ours.
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  return wrk.format("POST", path, headers, '{"content":"Can someone cover my Saturday shift? (' .. n .. ')"}')
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
