-- Dense 100x100 matrix multiply (nested arrays of floats).
local function make(n, seed)
  local m = {}
  for i = 0, n - 1 do
    local row = {}
    for j = 0, n - 1 do row[j + 1] = ((i * 31 + j * 17 + seed) % 100) / 10.0 end
    m[i + 1] = row
  end
  return m
end
local function multiply(a, b, n)
  local c = {}
  for i = 1, n do
    local row = {}
    for j = 1, n do row[j] = 0.0 end
    for k = 1, n do
      local aik = a[i][k]
      local bk = b[k]
      for j = 1, n do row[j] = row[j] + aik * bk[j] end
    end
    c[i] = row
  end
  return c
end
local n = 100
local c = multiply(make(n, 1), make(n, 2), n)
local trace = 0.0
for i = 1, n do trace = trace + c[i][i] end
print(trace)
