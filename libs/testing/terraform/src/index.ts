import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The Terraform test harness, shared by every Terraform suite (REST and HTTP APIs, both apps): a real `terraform`
// binary with the real AWS provider from a local filesystem mirror (no network), each working directory in its own
// temp dir. Copy a module, `init` it against the mirror, then `apply`/`plan`/`destroy` with variables.

/** Where the provider mirror may be; `PORTICO_TERRAFORM_PLUGIN_MIRROR` names another. */
const MIRROR_CANDIDATES = ['/opt/tf-plugins', '/usr/share/terraform/plugins', '/usr/local/share/terraform/plugins'];
export const AWS_PROVIDER_VERSION = '5.100.0';

export interface TerraformTools {
  terraform: string;
  mirror: string;
}

function hasAwsProvider(mirror: string): boolean {
  const dir = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION);
  return existsSync(dir) && readdirSync(dir).length > 0;
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

/**
 * The terraform binary and the provider mirror, or why they are missing. In CI (`CI` set) a missing tool is a
 * failure, not a skip: a suite that silently skips would let drift back in unnoticed.
 */
export function findTerraform(): TerraformTools | { missing: string } {
  const terraform = process.env.PORTICO_TERRAFORM_BIN ?? onPath('terraform');
  if (!terraform) return { missing: 'the `terraform` binary is not on PATH (PORTICO_TERRAFORM_BIN names another)' };
  const candidates = process.env.PORTICO_TERRAFORM_PLUGIN_MIRROR ? [process.env.PORTICO_TERRAFORM_PLUGIN_MIRROR] : MIRROR_CANDIDATES;
  const mirror = candidates.find(hasAwsProvider);
  if (!mirror) {
    return { missing: `no hashicorp/aws ${AWS_PROVIDER_VERSION} provider in a filesystem mirror (${candidates.join(', ')}; PORTICO_TERRAFORM_PLUGIN_MIRROR names another)` };
  }
  return { terraform, mirror };
}

/** `describe` when the tools are there; outside CI a skip that says why; in CI a failing test that says why. */
export function describeWithTerraform(name: string, body: (tools: TerraformTools) => void): void {
  const found = findTerraform();
  if ('terraform' in found) {
    describe(name, () => body(found));
  } else if (process.env.CI) {
    describe(name, () => it('needs terraform and the AWS provider mirror', () => void expect(found.missing).toBe('')));
  } else {
    describe.skip(`${name} (skipped: ${found.missing})`, () => it('needs terraform', () => undefined));
  }
}

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TerraformWorkspace {
  dir: string;
  /** Runs `terraform <args>`; never throws for a non-zero exit (the caller asserts on `code`). */
  run(args: string[]): Promise<TerraformResult>;
  /** `init`, failing with Terraform's output. */
  init(): Promise<void>;
  apply(vars: Record<string, string>): Promise<TerraformResult>;
  /** `plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error. */
  plan(vars: Record<string, string>): Promise<TerraformResult>;
  destroy(vars: Record<string, string>): Promise<TerraformResult>;
  output(): Promise<Record<string, string>>;
  remove(): Promise<void>;
}

/**
 * The provider every suite's module would otherwise repeat: the AWS provider pinned to the mirror's version,
 * pointed at Portico (`var.endpoint`, one endpoint for every service a module may use) with the test's keys
 * (`var.access_key`, `var.secret_key`), none of AWS's own checks. A module that declares no `provider "aws"` gets
 * this file beside it and keeps only its resources; a module with its own provider block is left as it is.
 */
export const SHARED_PROVIDER_FILE = 'portico-provider.tf';
export const sharedProviderConfig = [
  'terraform {',
  '  required_providers {',
  `    aws = { source = "hashicorp/aws", version = "${AWS_PROVIDER_VERSION}" }`,
  '  }',
  '}',
  '',
  'variable "endpoint" { type = string }',
  'variable "access_key" { type = string }',
  'variable "secret_key" { type = string }',
  '',
  'provider "aws" {',
  '  region                      = "us-east-1"',
  '  access_key                  = var.access_key',
  '  secret_key                  = var.secret_key',
  '  skip_credentials_validation = true',
  '  skip_metadata_api_check     = true',
  '  skip_region_validation      = true',
  '  skip_requesting_account_id  = false',
  '  endpoints {',
  '    apigateway   = var.endpoint',
  '    apigatewayv2 = var.endpoint',
  '    iam          = var.endpoint',
  '    sts          = var.endpoint',
  '  }',
  '}',
  '',
].join('\n');

const PROVIDER_BLOCK = /^\s*provider\s+"aws"\s*\{/m;

/** Writes the shared provider file into `workdir` unless one of its `.tf` files declares the AWS provider itself. */
async function addSharedProvider(workdir: string): Promise<void> {
  const files = (await readdir(workdir)).filter((f) => f.endsWith('.tf'));
  for (const file of files) if (PROVIDER_BLOCK.test(await readFile(join(workdir, file), 'utf8'))) return;
  await writeFile(join(workdir, SHARED_PROVIDER_FILE), sharedProviderConfig);
}

const varArgs = (vars: Record<string, string>): string[] => Object.entries(vars).flatMap(([k, v]) => ['-var', `${k}=${v}`]);

/**
 * A working directory holding a copy of `moduleDir` (plus the shared provider file when the module has no provider
 * block), with a CLI config that installs providers only from the mirror, so `init` never reaches the registry.
 */
export async function createTerraformWorkspace(tools: TerraformTools, moduleDir: string): Promise<TerraformWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'portico-terraform-'));
  const workdir = join(dir, 'module');
  await cp(moduleDir, workdir, { recursive: true });
  await addSharedProvider(workdir);
  const cliConfig = join(dir, 'terraformrc');
  await writeFile(
    cliConfig,
    [
      'provider_installation {',
      `  filesystem_mirror {`,
      `    path    = ${JSON.stringify(tools.mirror)}`,
      '    include = ["registry.terraform.io/hashicorp/*"]',
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/hashicorp/*"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    // No ambient AWS credentials or profiles: the module names its own.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  if (process.env.TF_LOG) env.TF_LOG = process.env.TF_LOG;
  if (process.env.TF_LOG_PATH) env.TF_LOG_PATH = process.env.TF_LOG_PATH;

  const run = (args: string[]): Promise<TerraformResult> =>
    new Promise((resolve) => {
      execFile(tools.terraform, [...args, '-no-color'], { cwd: workdir, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  const mustSucceed = (what: string, r: TerraformResult): TerraformResult => {
    if (r.code !== 0) throw new Error(`terraform ${what} exited ${r.code}:\n${r.stderr}\n${r.stdout.slice(-8000)}`);
    return r;
  };

  return {
    dir: workdir,
    run,
    async init() {
      mustSucceed('init', await run(['init', '-input=false']));
    },
    apply: (vars) => run(['apply', '-auto-approve', '-input=false', ...varArgs(vars)]),
    plan: (vars) => run(['plan', '-detailed-exitcode', '-input=false', ...varArgs(vars)]),
    destroy: (vars) => run(['destroy', '-auto-approve', '-input=false', ...varArgs(vars)]),
    async output() {
      const r = mustSucceed('output', await run(['output', '-json']));
      const parsed = JSON.parse(r.stdout) as Record<string, { value: unknown }>;
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v.value)]));
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Terraform's output without the noise, for an assertion message. */
export function explain(r: TerraformResult): string {
  return `exit ${r.code}\n${r.stderr}\n${r.stdout.slice(-12000)}`;
}
