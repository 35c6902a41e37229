/**
 * The one Lua script of the local-first Redis store (local-first.ts). Keys and hash layout are the
 * exact store's (redis.ts: a hash {t: tokens, ts: last update ms} per bucket), so replicas in either
 * mode share the same buckets.
 *
 * Per key it first applies what the replica consumed locally since its last sync, with the bucket
 * as it was then, at the time of the last local use `deltaAt` (unconditional, may go into debt,
 * clamped at capacity like the exact store's `charge`). Consumption arrives as a running total per
 * stream (one stream per local copy of a bucket: `c:<stream>` in the hash remembers the total
 * applied so far), and only the difference is applied: a call that is sent again after a lost
 * reply, or whose consumption is sent again by the next sync, is never charged twice. In `take` mode it then refills every
 * key to `now` and takes `cost` from all of them or from none, exactly like the exact store. It
 * answers each key's level and timestamp, as strings with full double precision, so that the replica
 * can refresh its local copy from the shared truth.
 */
import { createHash } from 'node:crypto';

/** Arguments per key, after the two leading ones (now, mode). */
export const ARGS_PER_KEY = 10;

export const LOCAL_FIRST_SCRIPT = `
local now = tonumber(ARGV[1])
local take = ARGV[2] == 'take'
local n = #KEYS
local levels, stamps, dirty, streams, totals = {}, {}, {}, {}, {}
local function fmt(x) return string.format('%.17g', x) end
for i = 1, n do
  local base = 2 + (i - 1) * ${ARGS_PER_KEY}
  local deltaCapacity = tonumber(ARGV[base + 1])
  local deltaRate = tonumber(ARGV[base + 2])
  local total = tonumber(ARGV[base + 3])
  local at = tonumber(ARGV[base + 4])
  local field = 'c:' .. ARGV[base + 9]
  local state = redis.call('HMGET', KEYS[i], 't', 'ts', field)
  local level, ts = nil, nil
  if state[1] then
    level = tonumber(state[1])
    ts = tonumber(state[2])
  end
  -- without the field (a new stream, or the key expired full), the total the replica saw answered
  local applied = tonumber(state[3]) or tonumber(ARGV[base + 10])
  local delta = total - applied
  if delta ~= 0 then
    streams[i] = field
    totals[i] = ARGV[base + 3]
    if level == nil then
      level, ts = deltaCapacity, at
    elseif at > ts then
      level = math.min(deltaCapacity, level + (at - ts) * deltaRate)
      ts = at
    end
    level = math.min(deltaCapacity, level - delta)
    dirty[i] = true
  end
  local capacity = tonumber(ARGV[base + 5])
  local rate = tonumber(ARGV[base + 6])
  if level == nil then
    level, ts = capacity, now
  else
    if now > ts then
      level = level + (now - ts) * rate
      ts = now
    end
    level = math.min(capacity, level)
  end
  levels[i], stamps[i] = level, ts
end
local reply = {1, 0, 0}
if take then
  for i = 1, n do
    local base = 2 + (i - 1) * ${ARGS_PER_KEY}
    local rate = tonumber(ARGV[base + 6])
    local target = tonumber(ARGV[base + 7])
    if ARGV[base + 8] == '1' then target = 1 end
    if levels[i] < target then
      local wait = 9007199254740991
      if rate > 0 then wait = math.max(1, math.ceil((target - levels[i]) / rate)) end
      reply = {0, i, wait}
      break
    end
  end
  if reply[1] == 1 then
    for i = 1, n do
      local base = 2 + (i - 1) * ${ARGS_PER_KEY}
      levels[i] = levels[i] - tonumber(ARGV[base + 7])
      dirty[i] = true
    end
  end
end
for i = 1, n do
  if dirty[i] then
    local base = 2 + (i - 1) * ${ARGS_PER_KEY}
    local capacity = tonumber(ARGV[base + 5])
    local rate = tonumber(ARGV[base + 6])
    if streams[i] then
      redis.call('HSET', KEYS[i], 't', fmt(levels[i]), 'ts', fmt(stamps[i]), streams[i], totals[i])
    else
      redis.call('HSET', KEYS[i], 't', fmt(levels[i]), 'ts', fmt(stamps[i]))
    end
    local ttl = 86400000
    if rate > 0 then ttl = math.ceil((capacity - levels[i]) / rate) + 1000 end
    redis.call('PEXPIRE', KEYS[i], math.max(1000, ttl))
  end
  reply[#reply + 1] = fmt(levels[i])
  reply[#reply + 1] = fmt(stamps[i])
end
return reply
`;

export const LOCAL_FIRST_SHA = createHash('sha1').update(LOCAL_FIRST_SCRIPT).digest('hex');
