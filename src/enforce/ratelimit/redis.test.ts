import { connectRedis, redisReachable } from '../redis-connection.js';
import { describeRateLimitStoreContract } from './contract.js';
import { RedisRateLimitStore } from './redis.js';

const REDIS_URL = process.env.DISTILLGUARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const reachable = await redisReachable(REDIS_URL);
if (!reachable) process.stderr.write(`# skipping Redis rate-limit tests: no Redis answers at ${REDIS_URL} (start one: redis-server --port 6379; .ci/run does)\n`);

describeRateLimitStoreContract('redis', async () => {
  const prefix = `distillguard-test:${process.pid}:${Date.now()}:`;
  const a = new RedisRateLimitStore(await connectRedis({ url: REDIS_URL, name: 'test-a' }), { keyPrefix: prefix, ownsConnection: true });
  const b = new RedisRateLimitStore(await connectRedis({ url: REDIS_URL, name: 'test-b' }), { keyPrefix: prefix, ownsConnection: true });
  return { a, b, close: async () => { await a.close(); await b.close(); } };
}, { skip: reachable ? false : `Redis not reachable at ${REDIS_URL}: start it (redis-server --port 6379; .ci/run does)` });
