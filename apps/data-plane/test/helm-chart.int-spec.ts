import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Secret, Service } from 'kubernetes-models/v1';
import { parseAllDocuments, stringify } from 'yaml';
import { loadChart, renderChart } from './support/helm-template.js';
import { workspaceRoot } from './support/processes.js';

const run = promisify(execFile);
const chartDir = join(workspaceRoot, 'deploy', 'helm', 'portico');
const chart = loadChart(chartDir);

// Kubernetes' own API schemas (kubernetes-models: validators generated from Kubernetes' OpenAPI document), by kind.
const MODELS: Record<string, { apiVersion: string; create: (data: object) => { validate(): void } }> = {
  Deployment: { apiVersion: 'apps/v1', create: (d) => new Deployment(d as never) },
  HorizontalPodAutoscaler: { apiVersion: 'autoscaling/v2', create: (d) => new HorizontalPodAutoscaler(d as never) },
  PodDisruptionBudget: { apiVersion: 'policy/v1', create: (d) => new PodDisruptionBudget(d as never) },
  Secret: { apiVersion: 'v1', create: (d) => new Secret(d as never) },
  Service: { apiVersion: 'v1', create: (d) => new Service(d as never) },
};

const SECRETS = {
  DATABASE_URL: 'postgresql://portico:pw@postgres:5432/portico',
  REDIS_URL: 'redis://redis:6379',
  PORTICO_ADMIN_ACCESS_KEY_ID: 'AKIAPORTICOHELMTEST1',
  PORTICO_ADMIN_SECRET_ACCESS_KEY: 'portico-helm-test-secret-access-key',
  PORTICO_DATA_PLANE_TOKEN: 'portico-helm-test-data-plane-token',
  PORTICO_MASTER_KEY: 'ef'.repeat(32),
};

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
type Container = {
  name: string;
  command: string[];
  image: string;
  ports: { name: string; containerPort: number }[];
  env: { name: string; value: string }[];
  envFrom: { secretRef: { name: string } }[];
  readinessProbe: { httpGet: { path: string; port: string } };
};
type PodTemplate = { metadata: { labels: Record<string, string> }; spec: { containers: Container[]; terminationGracePeriodSeconds?: number } };

/** Renders with `values`, parses every document, and validates each against its kind's Kubernetes schema. */
function render(values: Record<string, unknown>, releaseName = 'edge'): Manifest[] {
  const files = renderChart(chart, { releaseName, values });
  const manifests: Manifest[] = [];
  for (const [file, text] of Object.entries(files)) {
    for (const doc of parseAllDocuments(text)) {
      expect(doc.errors).toEqual([]);
      const manifest = doc.toJSON() as Manifest | null;
      if (manifest === null) continue;
      const model = MODELS[manifest.kind];
      if (!model) throw new Error(`${file}: no schema for kind ${manifest.kind}`);
      expect(manifest.apiVersion).toBe(model.apiVersion);
      try {
        model.create(manifest).validate();
      } catch (error) {
        throw new Error(`${file} (${manifest.kind} ${manifest.metadata?.name}) does not validate: ${(error as Error).message}`);
      }
      manifests.push(manifest);
    }
  }
  return manifests;
}

const find = (manifests: Manifest[], kind: string, name: string) => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
};
const template = (deployment: Manifest) => (deployment.spec as { template: PodTemplate }).template;
const env = (container: Container) => Object.fromEntries(container.env.map((e) => [e.name, e.value]));
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

// deploy/helm/portico rendered and checked against Kubernetes' schemas: with helm where it is installed, else
// with the repository's small renderer (support/helm-template.ts), which refuses constructs it does not implement.
describe('Helm chart deploy/helm/portico', () => {
  it('renders a control plane Deployment (readiness on /health/ready), an autoscaled data plane with a PDB, Services and the Secret', () => {
    const manifests = render({ secrets: { values: SECRETS } });
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'Deployment/edge-portico-control-plane',
      'Deployment/edge-portico-data-plane',
      'HorizontalPodAutoscaler/edge-portico-data-plane',
      'PodDisruptionBudget/edge-portico-data-plane',
      'Secret/edge-portico-secrets',
      'Service/edge-portico-control-plane',
      'Service/edge-portico-data-plane',
    ]);

    const secret = find(manifests, 'Secret', 'edge-portico-secrets');
    expect(Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]))).toEqual(SECRETS);

    const cp = find(manifests, 'Deployment', 'edge-portico-control-plane');
    const [cpContainer] = template(cp).spec.containers;
    expect(cpContainer.command).toEqual(['node', 'apps/control-plane/dist/main.js']);
    expect(cpContainer.image).toBe(`portico:${chart.metadata.appVersion}`);
    expect(cpContainer.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'admin' });
    expect(cpContainer.ports).toEqual([{ name: 'admin', containerPort: 8081 }]);
    expect(env(cpContainer)).toMatchObject({ PORTICO_CONTROL_PLANE_PORT: '8081', PORTICO_REGION: 'us-east-1', PORTICO_ACCOUNT_ID: '000000000000' });
    // Every secret comes from the Secret, none is inlined, and no development flag is set.
    expect(cpContainer.envFrom).toEqual([{ secretRef: { name: 'edge-portico-secrets' } }]);
    for (const name of Object.keys(SECRETS)) expect(env(cpContainer)[name]).toBeUndefined();
    expect(env(cpContainer).PORTICO_DEVELOPMENT).toBeUndefined();

    const dp = find(manifests, 'Deployment', 'edge-portico-data-plane');
    const dpPod = template(dp);
    const [dpContainer] = dpPod.spec.containers;
    expect(dpContainer.command).toEqual(['node', 'apps/data-plane/dist/main.js']);
    expect(dpContainer.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'status' });
    expect(dpContainer.envFrom).toEqual([{ secretRef: { name: 'edge-portico-secrets' } }]);
    expect(env(dpContainer)).toMatchObject({
      PORTICO_DATA_PLANE_PORT: '8080',
      PORTICO_STATUS_PORT: '8082',
      PORTICO_CONTROL_PLANE_URL: 'http://edge-portico-control-plane:8081',
      PORTICO_SHUTDOWN_TIMEOUT_MS: '30000',
    });
    expect(dpPod.spec.terminationGracePeriodSeconds).toBeGreaterThan(30);
    // The HPA owns the replica count.
    expect(dp.spec?.replicas).toBeUndefined();

    const hpa = find(manifests, 'HorizontalPodAutoscaler', 'edge-portico-data-plane');
    expect(hpa.spec).toMatchObject({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: dp.metadata.name }, minReplicas: 2, maxReplicas: 10 });
    const pdb = find(manifests, 'PodDisruptionBudget', 'edge-portico-data-plane');
    expect(pdb.spec?.minAvailable).toBe(1);
    expect(matches((pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels, dpPod.metadata.labels)).toBe(true);
    expect(matches((dp.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels, dpPod.metadata.labels)).toBe(true);

    // Services select their own plane's pods only, on the container ports by name.
    const cpService = find(manifests, 'Service', 'edge-portico-control-plane');
    const dpService = find(manifests, 'Service', 'edge-portico-data-plane');
    expect(matches(cpService.spec?.selector as Record<string, string>, template(cp).metadata.labels)).toBe(true);
    expect(matches(cpService.spec?.selector as Record<string, string>, dpPod.metadata.labels)).toBe(false);
    expect(matches(dpService.spec?.selector as Record<string, string>, dpPod.metadata.labels)).toBe(true);
    const dpPortNames = dpContainer.ports.map((p) => p.name);
    for (const port of dpService.spec?.ports as { targetPort: string }[]) expect(dpPortNames).toContain(port.targetPort);
    expect(new URL(env(dpContainer).PORTICO_CONTROL_PLANE_URL).hostname).toBe(cpService.metadata.name);
  });

  it('uses an existing Secret, fixed replicas without autoscaling, and passes extra settings through', () => {
    const manifests = render(
      {
        secrets: { existingSecret: 'portico-prod' },
        image: { repository: 'registry.example/portico', tag: '1.2.3' },
        controlPlane: { env: { PORTICO_ADMIN_RATE_LIMIT: 50 } },
        dataPlane: { autoscaling: { enabled: false }, podDisruptionBudget: { enabled: false }, replicas: 3, env: { PORTICO_TRUSTED_PROXIES: '10.0.0.0/8' } },
      },
      'portico',
    );
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Deployment', 'Deployment', 'Service', 'Service']);
    const dp = find(manifests, 'Deployment', 'portico-data-plane');
    expect(dp.spec?.replicas).toBe(3);
    const [dpContainer] = template(dp).spec.containers;
    expect(dpContainer.image).toBe('registry.example/portico:1.2.3');
    expect(dpContainer.envFrom).toEqual([{ secretRef: { name: 'portico-prod' } }]);
    expect(env(dpContainer).PORTICO_TRUSTED_PROXIES).toBe('10.0.0.0/8');
    const [cpContainer] = template(find(manifests, 'Deployment', 'portico-control-plane')).spec.containers;
    expect(env(cpContainer).PORTICO_ADMIN_RATE_LIMIT).toBe('50');
  });

  it('refuses to render without the secrets (or an existing Secret)', () => {
    expect(() => render({})).toThrow(/secrets\.values\.DATABASE_URL is required \(or set secrets\.existingSecret\)/);
    expect(() => render({ secrets: { values: { ...SECRETS, PORTICO_MASTER_KEY: '' } } })).toThrow(/PORTICO_MASTER_KEY is required/);
  });

  it('fails schema validation on a value Kubernetes would reject', () => {
    expect(() => render({ secrets: { values: SECRETS }, controlPlane: { port: 'admin-port' } })).toThrow(/Deployment edge-portico-control-plane\) does not validate: .*containerPort must be integer/);
    expect(() => render({ secrets: { values: SECRETS }, dataPlane: { autoscaling: { minReplicas: 'two' } } })).toThrow(/HorizontalPodAutoscaler .*minReplicas must be integer/);
  });

  it('renders the same with helm template, where helm is installed', async () => {
    const helm = [...(process.env.PATH ?? '').split(delimiter)].map((d) => join(d, 'helm')).find((p) => existsSync(p));
    if (!helm) return; // Not installable here (no npm or Debian package); the renderer above stands in.
    const dir = await mkdtemp(join(tmpdir(), 'portico-helm-'));
    try {
      await writeFile(join(dir, 'values.yaml'), stringify({ secrets: { values: SECRETS } }));
      const { stdout } = await run(helm, ['template', 'edge', chartDir, '-f', join(dir, 'values.yaml')]);
      const fromHelm = parseAllDocuments(stdout).map((d) => d.toJSON() as unknown).filter(Boolean);
      const ours = Object.values(renderChart(chart, { releaseName: 'edge', values: { secrets: { values: SECRETS } } })).flatMap((t) =>
        parseAllDocuments(t).map((d) => d.toJSON() as unknown).filter(Boolean),
      );
      const key = (m: unknown) => `${(m as Manifest).kind}/${(m as Manifest).metadata.name}`;
      expect(fromHelm.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(ours.sort((a, b) => key(a).localeCompare(key(b))));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
