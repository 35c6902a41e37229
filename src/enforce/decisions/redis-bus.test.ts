import { randomBytes } from 'node:crypto';
import { redisReachable } from '../redis-connection.js';
import { describeDecisionBusContract } from './bus.contract.js';
import { RedisDecisionBus } from './redis-bus.js';

const REDIS_URL = process.env.DISTILLGUARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const reachable = await redisReachable(REDIS_URL);
if (!reachable) process.stderr.write(`# skipping Redis decision-bus tests: no Redis answers at ${REDIS_URL} (start one: redis-server --port 6379; .ci/run does)\n`);

describeDecisionBusContract('redis', async () => {
  const channel = `distillguard-test:decisions:${randomBytes(4).toString('hex')}`;
  const a = await RedisDecisionBus.connect({ url: REDIS_URL, channel });
  const b = await RedisDecisionBus.connect({ url: REDIS_URL, channel });
  return { a, b, close: async () => { await a.close(); await b.close(); } };
}, { skip: reachable ? false : `Redis not reachable at ${REDIS_URL}: start it (redis-server --port 6379; .ci/run does)` });
