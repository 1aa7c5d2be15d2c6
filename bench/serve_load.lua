-- wrk script for bench/run --serve: POSTs one image to /invocations a fixed number of times
-- and checks every answer (status 200 and the expected top class).
-- Usage: wrk -s serve_load.lua URL -- IMAGE CONTENT_TYPE EXPECTED_TOP REQUESTS_PER_THREAD MARKS
-- wrk's main thread sleeps for -d whatever its threads do; so each thread stops at its count
-- and leaves a mark in the MARKS folder, and bench/run ends wrk (SIGINT to its main thread)
-- once every thread has.
local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("id", #threads)
end

function init(args)
    local f = assert(io.open(args[1], "rb"))
    local body = f:read("*a")
    f:close()
    expected = tonumber(args[3])
    limit = tonumber(args[4])
    marks = args[5]
    answered, wrong = 0, 0
    request_text = wrk.format("POST", "/invocations", {["Content-Type"] = args[2]}, body)
end

function request()
    return request_text
end

function response(status, headers, body)
    answered = answered + 1
    local best, top, i = -1, -1, 0
    for number in string.gmatch(body, "[-+%d%.eE]+") do
        local v = tonumber(number)
        if v then
            if v > best then best, top = v, i end
            i = i + 1
        end
    end
    if status ~= 200 or top ~= expected then
        wrong = wrong + 1
    end
    if answered == limit then
        wrk.thread:stop()
        io.open(marks .. "/" .. id, "w"):close()
    end
end

function done(summary, latency, requests)
    local answered_all, wrong_all = 0, 0
    for _, t in ipairs(threads) do
        answered_all = answered_all + t:get("answered")
        wrong_all = wrong_all + t:get("wrong")
    end
    local e = summary.errors
    io.write(string.format(
        '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, ' ..
        '"max_ms": %.2f, "answered": %d, "wrong": %d, "errors": %d}\n',
        summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
        latency:percentile(90) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
        answered_all, wrong_all, e.connect + e.read + e.write + e.status + e.timeout))
end
