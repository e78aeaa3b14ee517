-- Drive wrk through a file of request paths (one per line, optionally "<TAB>etag" for
-- If-None-Match); print requests/s, latency percentiles and status counts as one JSON line.
-- Environment: BENCH_PATHS (the file), BENCH_EXPECT (the one good status, default 200),
-- BENCH_THREADS (wrk -t, to spread the threads' starting points), BENCH_COUNT=0 to skip the
-- per-response status check (cheaper; then only wrk's own >=400 count remains).

local threads = {}
local created = 0

function setup(thread)
  thread:set("id", created)
  created = created + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_PATHS"), "r"))
  requests = {}
  for line in file:lines() do
    local path, etag = line:match("^([^\t]+)\t?(.*)$")
    local headers = {}
    if etag ~= nil and etag ~= "" then
      headers["If-None-Match"] = etag
    end
    requests[#requests + 1] = wrk.format("GET", path, headers)
  end
  file:close()
  count = #requests
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
  position = math.floor(id * count / nthreads) -- threads walk the list from different offsets
  expected = tonumber(os.getenv("BENCH_EXPECT") or "200")
  good = 0
  unexpected = {}
end

function request()
  position = position % count + 1
  return requests[position]
end

if os.getenv("BENCH_COUNT") ~= "0" then
  function response(status, headers, body)
    if status == expected then
      good = good + 1
    else
      local key = tostring(status)
      unexpected[key] = (unexpected[key] or 0) + 1
    end
  end
end

function done(summary, latency, requests)
  local good_total, bad_total, by_code, codes = 0, 0, {}, {}
  for _, thread in ipairs(threads) do
    good_total = good_total + (thread:get("good") or 0)
    for code, n in pairs(thread:get("unexpected") or {}) do
      by_code[code] = (by_code[code] or 0) + n
      bad_total = bad_total + n
    end
  end
  for code, n in pairs(by_code) do
    codes[#codes + 1] = string.format('"%s": %d', code, n)
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.1f, "expected": %d, "good": %d, "unexpected": %d, ' ..
    '"unexpected_codes": {%s}, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, tonumber(os.getenv("BENCH_EXPECT") or "200"), good_total, bad_total,
    table.concat(codes, ", "), errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
