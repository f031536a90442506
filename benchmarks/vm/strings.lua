-- String building: 200,000 small pieces joined, then measured.
local function build(n)
  local parts = {}
  for i = 0, n - 1 do parts[#parts + 1] = "item" .. (i % 100) .. "," end
  local s = table.concat(parts)
  return #s
end
print(build(200000))
