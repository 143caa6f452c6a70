import { Redis } from 'ioredis';
import { UsageError, messageOf } from '../errors.js';

/**
 * Checks a Redis URL and that a server answers there, so that a wrong address is one clear
 * error at once, rather than clients retrying in the background forever.
 */
export async function checkRedis(url: string): Promise<void> {
  if (!/^rediss?:\/\/[^/]+/.test(url)) throw new UsageError(`--redis takes a Redis URL, as redis://127.0.0.1:6379; got "${url}"`);
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => {}); // reported by connect() below
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new UsageError(`cannot reach Redis at ${url}: ${messageOf(error) || 'connection refused'}. Start redis-server there, or give its address with --redis.`);
  } finally {
    client.disconnect();
  }
}
