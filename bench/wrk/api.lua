-- wrk script: POST /api/v1/entitlements with the body of a family of N children (1 to 3),
-- two employed parents in 郑州市金水区 with hukou there, the children born in 2024, 2022 and
-- 2019 with hukou there.   CHILDREN=N wrk ... -s bench/wrk/api.lua http://HOST:PORT/api/v1/entitlements
local births = { "2024-07-01", "2022-03-02", "2019-05-01" }

function init(args)
  local n = tonumber(os.getenv("CHILDREN") or "3")
  local children = {}
  for i = 1, n do
    children[i] = string.format('{"birth_date": "%s", "hukou": "410105"}', births[i])
  end
  wrk.method = "POST"
  wrk.path = "/api/v1/entitlements"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"jurisdiction": "410105", "parents": [' ..
    '{"role": "mother", "hukou": "410105", "employed": true}, ' ..
    '{"role": "father", "hukou": "410105", "employed": true}], ' ..
    '"children": [' .. table.concat(children, ", ") .. ']}'
end
