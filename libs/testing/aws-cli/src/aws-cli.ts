import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

// The AWS CLI (v1, `aws` on the PATH) as the suites drive it: a real client against Portico's endpoint with the
// test's keys and nothing from the machine it runs on, so a developer's profile, config or pager never changes an
// answer.

const run = promisify(execFile);

export interface AwsCliOptions {
  /** Portico's URL for `--endpoint-url`; a function when the runner is made before the server has started. */
  endpoint: string | (() => string);
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
}

/** An expected failure is a value: the CLI's stderr carries AWS's error code and message. */
export type AwsCliResult = { ok: true; json: Record<string, unknown> } | { ok: false; stderr: string };

export interface AwsCli {
  /** `aws <service> <args> --endpoint-url … --output json`, parsed (`{}` for a command that prints nothing); throws with the CLI's stderr when it fails. */
  json(service: string, ...args: string[]): Promise<Record<string, unknown>>;
  /** The same command for a case that may fail: `{ ok: false, stderr }` instead of a throw. */
  result(service: string, ...args: string[]): Promise<AwsCliResult>;
}

let available: boolean | undefined;

/** Whether an `aws` executable runs (checked once per test file). */
export function awsCliAvailable(): boolean {
  available ??= spawnSync('aws', ['--version']).status === 0;
  return available;
}

/**
 * `describe` when `aws` runs; otherwise a skip that says why. With `requiredInCi`, a missing CLI in CI (`CI` set)
 * is a failing test instead, as the Terraform harness does: a suite that silently skips would let drift back in.
 */
export function describeWithAwsCli(name: string, body: () => void, options: { requiredInCi?: boolean } = {}): void {
  if (awsCliAvailable()) {
    describe(name, body);
  } else if (options.requiredInCi && process.env.CI) {
    describe(name, () => it('needs the AWS CLI', () => void expect('no `aws` executable on the PATH').toBe('')));
  } else {
    console.warn(`${name}: no \`aws\` executable on the PATH; AWS CLI cases skipped`);
    describe.skip(`${name} (skipped: no \`aws\` executable on the PATH)`, body);
  }
}

/** The environment every command runs in: the caller's, less any AWS setting, plus the test's keys and region. */
function isolatedEnv(options: AwsCliOptions): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...env,
    AWS_ACCESS_KEY_ID: options.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: options.region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

export function awsCli(options: AwsCliOptions): AwsCli {
  const env = isolatedEnv(options);
  const endpoint = typeof options.endpoint === 'function' ? options.endpoint : () => options.endpoint as string;
  const result = async (service: string, ...args: string[]): Promise<AwsCliResult> => {
    let stdout: string;
    try {
      ({ stdout } = await run('aws', [service, ...args, '--endpoint-url', endpoint(), '--output', 'json'], { env, maxBuffer: 64 * 1024 * 1024 }));
    } catch (error) {
      return { ok: false, stderr: String((error as { stderr?: string }).stderr ?? error) };
    }
    // Output that is not JSON is a broken answer, not an expected failure: it throws.
    return { ok: true, json: stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>) };
  };
  return {
    result,
    async json(service, ...args) {
      const answer = await result(service, ...args);
      if (!answer.ok) throw new Error(`aws ${service} ${args.join(' ')} failed: ${answer.stderr}`);
      return answer.json;
    },
  };
}
