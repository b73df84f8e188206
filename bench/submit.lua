-- POST a valid, unique review on every request (bench/run.py fills in the fields).
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  -- Each wrk run (one per round) gets its own stories: a repeated story is deduplicated by design.
  thread_id = os.time() .. "-" .. id
end

request = function()
  counter = counter + 1
  local story = "Bench story " .. thread_id .. "-" .. counter .. ": " .. string.rep("my skin cleared slowly ", 6)
  local body = os.getenv("BENCH_FORM") .. "&story=" .. story:gsub(" ", "+")
  return wrk.format("POST", os.getenv("BENCH_PATH"), {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = os.getenv("BENCH_COOKIE"),
    ["Referer"] = os.getenv("BENCH_REFERER"),
    ["X-Forwarded-Proto"] = "https",
  }, body)
end
