/**
 * The code of a local function's worker thread, run with `new Worker(source, { eval: true })` so that it works
 * the same from sources (tests) and from the build. It imports the handler module once (warm starts), then runs
 * one invocation at a time with a Lambda-shaped `context`, async or callback style, and reports results and
 * errors in the shapes the Node.js Lambda runtime uses (`{errorType, errorMessage, trace}`).
 */
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');

for (const [name, value] of Object.entries(workerData.environment)) process.env[name] = value;

function errorPayload(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    };
  }
  if (typeof error === 'string') return { errorType: 'string', errorMessage: error, trace: [] };
  let text;
  try { text = JSON.stringify(error); } catch { text = String(error); }
  return { errorType: typeof error, errorMessage: text, trace: [] };
}

let handler;
let initError;
const ready = import(pathToFileURL(workerData.file).href).then(
  (module) => {
    const exported = module[workerData.exportName] ?? (module.default && module.default[workerData.exportName]);
    if (typeof exported !== 'function') {
      initError = {
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: workerData.handler + ' is undefined or not exported',
        trace: [],
      };
    } else {
      handler = exported;
    }
  },
  (error) => {
    const payload = errorPayload(error);
    initError = { errorType: 'Runtime.ImportModuleError', errorMessage: payload.errorType + ': ' + payload.errorMessage, trace: payload.trace };
  },
);

function stringify(value) {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  } catch (error) {
    return undefined;
  }
}

let initialized = false;
parentPort.on('message', async (message) => {
  await ready;
  const { id, context: facts } = message;
  // The first invocation tells the gateway when the module has loaded: the function's timeout counts from here,
  // as Lambda's does (its init phase has a limit of its own), so a slow cold start is not a timed-out handler.
  if (!initialized) {
    initialized = true;
    facts.deadlineMs = Date.now() + facts.timeoutMs;
    parentPort.postMessage({ id, started: true });
  }
  delete facts.timeoutMs;
  let event;
  try {
    event = JSON.parse(message.event);
  } catch {
    parentPort.postMessage({ id, invalidPayload: true });
    return;
  }
  if (initError) {
    parentPort.postMessage({ id, error: initError });
    return;
  }
  let settled = false;
  const finish = (error, result) => {
    if (settled) return;
    settled = true;
    if (error !== undefined && error !== null) {
      parentPort.postMessage({ id, error: errorPayload(error) });
      return;
    }
    const payload = stringify(result);
    if (payload === undefined) {
      parentPort.postMessage({ id, error: { errorType: 'Runtime.MarshalError', errorMessage: 'Unable to stringify response body', trace: [] } });
    } else {
      parentPort.postMessage({ id, payload });
    }
  };
  const context = {
    ...facts,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, facts.deadlineMs - Date.now()),
    done: (error, result) => finish(error, result),
    succeed: (result) => finish(null, result),
    fail: (error) => finish(error === undefined || error === null ? 'handled' : error),
  };
  delete context.deadlineMs;
  try {
    const returned = handler(event, context, (error, result) => finish(error, result));
    if (returned && typeof returned.then === 'function') {
      returned.then((result) => finish(null, result), (error) => finish(error === undefined || error === null ? new Error(String(error)) : error));
    } else if (handler.length < 3 && returned !== undefined) {
      finish(null, returned);
    }
  } catch (error) {
    finish(error);
  }
});
`;
