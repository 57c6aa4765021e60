import { createDataPlane, DataPlaneConfigError, loadDataPlaneConfig, type DataPlaneConfig } from './app.js';
import { createLogger, errorMessage } from './logger.js';

function loadOrExit(): DataPlaneConfig {
  try {
    return loadDataPlaneConfig(process.env);
  } catch (error) {
    if (error instanceof DataPlaneConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadOrExit();
const log = createLogger(config.logLevel);
const dataPlane = await createDataPlane(config, { logger: log });
try {
  await dataPlane.listen();
} catch (error) {
  log.log('error', 'data plane failed to start', { error: errorMessage(error) });
  process.exit(1);
}

// SIGTERM (orchestrators) and SIGINT (Ctrl-C): stop accepting, finish in-flight requests, exit 0. At
// PORTICO_SHUTDOWN_TIMEOUT_MS the rest is cut and aborted; should closing still hang after that (a dependency that
// never answers), the process exits anyway a few seconds later. A second signal while draining exits at once.
const SHUTDOWN_BACKSTOP_MS = 5000;
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    log.log('info', `${signal}: draining in-flight requests`, { shutdownTimeoutMs: config.shutdownTimeoutMs });
    setTimeout(() => {
      log.log('error', 'shutdown did not finish in time; exiting anyway', { afterMs: config.shutdownTimeoutMs + SHUTDOWN_BACKSTOP_MS });
      process.exit(1);
    }, config.shutdownTimeoutMs + SHUTDOWN_BACKSTOP_MS).unref();
    dataPlane.close().then(
      ({ drained }) => {
        log.log('info', drained ? 'data plane stopped' : 'data plane stopped; some requests were cut at the shutdown timeout');
        process.exit(0);
      },
      (error: unknown) => {
        log.log('error', 'shutdown failed', { error: errorMessage(error) });
        process.exit(1);
      },
    );
  });
}
// SIGHUP re-checks the config source now (re-reads PORTICO_CONFIG_FILE in standalone mode).
process.on('SIGHUP', () => void dataPlane.reload());
