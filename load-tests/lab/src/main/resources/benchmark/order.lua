-- wrk: order placement, POST /api/orders with a new Idempotency-Key per request, for a random seeded user.
-- @USERS@ is replaced with the number of seeded users, @RUN@ with a name of its own for each wrk run (a key used again
-- would be a retry: replayed, or refused for another body).
local users = @USERS@
local run = "@RUN@"
local threads = 0
local sent = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

function request()
  sent = sent + 1
  local body = '{"userId":' .. math.random(1, users) .. ',"items":[{"sku":"book","qty":2}]}'
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Idempotency-Key"] = run .. "-" .. (id or 0) .. "-" .. sent
  return wrk.format("POST", "/api/orders", headers, body)
end
