// Redis presence entries, for the soak's leak check: every key with its type and size
// (fields of a hash, members of a set, ...), read with redis-cli in one server-side
// script. KEYS is fine on the throwaway Redis a soak starts; on a shared one it blocks
// Redis for the moment it takes.
import { execFile, spawnSync } from "node:child_process";

const SCRIPT = `local out = {}
for _, k in ipairs(redis.call('KEYS', '*')) do
  local t = redis.call('TYPE', k)['ok']
  local n = 1
  if t == 'hash' then n = redis.call('HLEN', k)
  elseif t == 'set' then n = redis.call('SCARD', k)
  elseif t == 'zset' then n = redis.call('ZCARD', k)
  elseif t == 'list' then n = redis.call('LLEN', k)
  elseif t == 'stream' then n = redis.call('XLEN', k) end
  table.insert(out, k .. '\\t' .. t .. '\\t' .. n)
end
return out`;

export const hasRedisCli = () => spawnSync("redis-cli", ["--version"]).status === 0;

/** Parses the script's output (one "key<TAB>type<TAB>size" per line) into key → "type size". */
export function parseRedisEntries(text: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const [key, type, size] = line.split("\t");
    if (key && type && size !== undefined) entries[key] = `${type} ${size.trim()}`;
  }
  return entries;
}

/** Every key of the Redis at `url`, with its type and size. */
export function redisEntries(url: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    execFile("redis-cli", ["-u", url, "--raw", "EVAL", SCRIPT, "0"], { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`redis-cli: ${stderr.trim() || error.message}`));
      if (/^(ERR|WRONGTYPE|NOAUTH)/m.test(stdout)) return reject(new Error(`redis-cli: ${stdout.trim()}`));
      resolve(parseRedisEntries(stdout));
    });
  });
}
