-- A 10M-iteration integer loop.
local function run()
  local sum = 0
  local i = 0
  while i < 10000000 do
    sum = sum + i % 7
    i = i + 1
  end
  return sum
end
print(run())
