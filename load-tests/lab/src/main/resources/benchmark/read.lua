-- wrk: the primary-key read, GET /api/users/{a random id among the seeded users}.
-- @USERS@ is replaced with the number of seeded users before the run.
local users = @USERS@
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

function request()
  return wrk.format("GET", "/api/users/" .. math.random(1, users))
end
