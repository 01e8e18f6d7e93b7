-- A mixed Lua workload for `cargo xtask bench`: calls, closures, tables,
-- strings, string formatting of numbers, sorting and coroutines.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end

local function tables(n)
  local t = {}
  for i = 1, n do t[i] = i * 2 end
  local sum = 0
  for _, v in ipairs(t) do sum = sum + v end
  local m = {}
  for i = 1, n do local k = "k" .. (i % 1000) m[k] = (m[k] or 0) + i end
  table.sort(t, function(a, b) return a > b end)
  return sum + t[1] + m.k7
end

local function strings(n)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = string.format("%d:%s:%.3f", i, tostring(i * 1.5), i / 7) end
  local s = table.concat(parts, ",")
  local count = 0
  for _ in s:gmatch("%d+:") do count = count + 1 end
  return #s + count + #s:upper():gsub("[AEIOU]", "")
end

local function closures(n)
  local function adder(i) return function(x) return x + i end end
  local acc = 0
  for i = 1, n do acc = adder(i)(acc) % 1000003 end
  return acc
end

local function coroutines(n)
  local gen = coroutine.wrap(function() for i = 1, n do coroutine.yield(i * i) end end)
  local total = 0
  for _ = 1, n do total = (total + gen()) % 1000000007 end
  return total
end

local function floats(n)
  local x, y = 0.0, 1.0
  for i = 1, n do x = x + math.sin(i) * y; y = y * 0.999999 + math.sqrt(i) * 1e-9 end
  return string.format("%.10f %.10f", x, y)
end

print(fib(27), tables(300000), strings(100000), closures(500000), coroutines(200000), floats(1000000))
