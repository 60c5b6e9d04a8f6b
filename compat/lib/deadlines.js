'use strict';

// Every wait in this suite is bounded: a hub that never answers must fail a test with
// a message saying what we were waiting for, not hang the runner.

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` until it returns a value other than undefined/false, or throws once
 * `timeoutMs` has passed. Errors thrown by `check` count as "not yet" (a hub that is still
 * starting refuses connections), and the last one is quoted in the timeout message.
 */
async function waitUntil(description, check, { timeoutMs = 10_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError = null;
  let lastValue;
  for (;;) {
    try {
      lastValue = await check();
      if (lastValue !== undefined && lastValue !== false) {
        return lastValue;
      }
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? `; last error: ${lastError.message}` : `; last value: ${JSON.stringify(lastValue)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${detail}`);
    }
    await sleep(intervalMs);
  }
}

/** Rejects after `ms` with a message naming what took too long; `cancel()` disarms it. */
function deadline(ms, description) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${description} did not finish within ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

module.exports = { sleep, waitUntil, deadline };
