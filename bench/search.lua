-- wrk script for bench/search.sh: GET /api/v1/documents?q=QUERY&limit=20,
-- cycling through the queries of the file given after `--` (lines
-- "CLASS<TAB>QUERY" or just "QUERY"), each thread from its own place in the
-- list.  Requests are built once, in init, so that Lua costs little per
-- request; nginx gets the very same request lines.
--
-- `-- FILE miss`: no request is ever repeated, so that no answer can come
-- from a cache: each query gets a leading excluded word that is in no
-- document and differs per request ("-zq1a7 child labour"), which leaves
-- its hits and its work the same.
local requests, queries = {}, {}
local i, n = 0, 0
local threads = 0
local miss, prefix = false, ""

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end

function init(args)
  local path = args[1] or error("search.lua: give the queries file after --")
  miss = args[2] == "miss"
  for line in io.lines(path) do
    local q = line:match("^[^\t]*\t(.*)$") or line
    if q ~= "" then
      queries[#queries + 1] = encode(" " .. q)
      requests[#requests + 1] = wrk.format("GET", "/api/v1/documents?q=" .. encode(q) .. "&limit=20")
    end
  end
  if #requests == 0 then error("search.lua: no queries in " .. path) end
  -- a run's own prefix too, so that a second run repeats nothing of the first
  prefix = "-zq" .. (thread_no or 0) .. "x" .. os.time() .. "n"
  i = ((thread_no or 0) * 997) % #requests
end

function request()
  i = i % #requests + 1
  if not miss then return requests[i] end
  n = n + 1
  return wrk.format("GET", "/api/v1/documents?q=" .. prefix .. n .. queries[i] .. "&limit=20")
end
