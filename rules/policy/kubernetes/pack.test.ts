/**
 * Pack-level checks for the built-in Kubernetes rules: metadata quality, Pod Security Standards
 * coverage, test-case shape, and robustness of every rule on generated manifests. The per-rule
 * fixtures (tests.yaml) run in src/policy/builtin-rules.test.ts; this file checks the pack as a whole.
 *
 * Run: npx tsx --test rules/policy/kubernetes/pack.test.ts
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { InputDocument } from '../../../src/inputs/document.ts';
import { kubernetesParser } from '../../../src/inputs/kubernetes/index.ts';
import { PolicyEngine } from '../../../src/policy/engine.ts';
import { loadRules } from '../../../src/policy/load/load-rules.ts';
import { readTests } from '../../../src/policy/testing/read-tests.ts';

const PACK_DIR = path.dirname(fileURLToPath(import.meta.url));
const { rules, errors } = await loadRules([PACK_DIR], { builtin: true });
const folders = (await readdir(PACK_DIR, { withFileTypes: true }))
  .filter((e) => e.isDirectory() && e.name.startsWith('RMP-K8S-'))
  .map((e) => e.name)
  .sort();

// Pod Security Standards controls (https://kubernetes.io/docs/concepts/security/pod-security-standards/):
// the id used in `frameworks.pss` and the exact control name the description must cite.
const PSS_CONTROLS: readonly (readonly [string, string])[] = [
  ['baseline:hostprocess', 'HostProcess'],
  ['baseline:host-namespaces', 'Host Namespaces'],
  ['baseline:privileged-containers', 'Privileged Containers'],
  ['baseline:capabilities', 'Capabilities'],
  ['baseline:hostpath-volumes', 'HostPath Volumes'],
  ['baseline:host-ports', 'Host Ports'],
  ['baseline:apparmor', 'AppArmor'],
  ['baseline:selinux', 'SELinux'],
  ['baseline:proc-mount-type', '/proc Mount Type'],
  ['baseline:seccomp', 'Seccomp'],
  ['baseline:sysctls', 'Sysctls'],
  ['restricted:volume-types', 'Volume Types'],
  ['restricted:privilege-escalation', 'Privilege Escalation (v1.8+)'],
  ['restricted:running-as-non-root', 'Running as Non-root'],
  ['restricted:running-as-non-root-user', 'Running as Non-root user (v1.23+)'],
  ['restricted:seccomp', 'Seccomp (v1.19+)'],
  ['restricted:capabilities', 'Capabilities (v1.22+)'],
];

const ALLOWED_REFERENCE_HOSTS = new Set(['kubernetes.io', 'docs.docker.com']);

test('every rule folder loads without errors and ids are unique and match folders', () => {
  assert.deepEqual(
    errors.map((e) => e.describe()),
    [],
  );
  assert.ok(rules.length >= 35, `only ${rules.length} rules`);
  assert.equal(rules.length, folders.length);
  const ids = rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
  for (const rule of rules) {
    assert.match(rule.id, /^RMP-K8S-\d{3}$/);
    const folder = path.basename(path.dirname(rule.source.file));
    assert.ok(folder.startsWith(`${rule.id}-`), `${rule.id} lives in ${folder}`);
    assert.equal(rule.match.input, 'kubernetes', rule.id);
  }
});

test('every rule has complete metadata', () => {
  for (const rule of rules) {
    for (const field of ['title', 'description', 'why', 'fix'] as const) {
      assert.ok(rule[field].trim().length >= 10, `${rule.id}: ${field} too short`);
    }
    assert.ok(rule.references.length > 0, `${rule.id}: no references`);
    for (const ref of rule.references) {
      assert.ok(ALLOWED_REFERENCE_HOSTS.has(new URL(ref).host), `${rule.id}: reference ${ref}`);
    }
    const frameworks = Object.keys(rule.frameworks).filter((k) => k !== 'pss' && k !== 'nsa-k8s');
    assert.ok(frameworks.length > 0, `${rule.id}: needs a CIS or NIST mapping`);
    for (const control of rule.frameworks['nist-800-53'] ?? []) {
      assert.match(control, /^[A-Z]{2}-\d+$/, `${rule.id}: NIST control ${control}`);
    }
    for (const control of rule.frameworks['cis-kubernetes'] ?? []) {
      assert.match(control, /^5\.\d+\.\d+$/, `${rule.id}: CIS control ${control}`);
    }
    assert.ok(rule.tags.includes('kubernetes'), `${rule.id}: tag kubernetes`);
  }
});

test('every Pod Security Standards control (baseline and restricted) has a rule citing it', () => {
  for (const [id, name] of PSS_CONTROLS) {
    const covering = rules.filter((r) => (r.frameworks.pss ?? []).includes(id));
    assert.ok(covering.length > 0, `no rule maps to PSS ${id}`);
    for (const rule of covering) {
      assert.ok(rule.description.includes(`"${name}"`), `${rule.id} must cite the PSS control "${name}"`);
      const profile = id.split(':')[0];
      assert.ok(rule.tags.includes(`pss-${profile}`), `${rule.id}: tag pss-${profile}`);
    }
  }
  const known = new Set(PSS_CONTROLS.map(([id]) => id));
  for (const rule of rules) {
    for (const id of rule.frameworks.pss ?? []) assert.ok(known.has(id), `${rule.id}: unknown PSS id ${id}`);
  }
});

test('every rule has a failing and a passing case; CronJob pod templates are exercised', async () => {
  let cronJobFailures = 0;
  for (const folder of folders) {
    const dir = path.join(PACK_DIR, folder);
    const { cases, errors: testErrors } = readTests(
      await readFile(path.join(dir, 'tests.yaml'), 'utf8'),
      'tests.yaml',
    );
    assert.deepEqual(testErrors, [], folder);
    assert.ok(
      cases.some((c) => c.expect.length > 0),
      `${folder}: no case expects a finding`,
    );
    assert.ok(
      cases.some((c) => c.expect.length === 0),
      `${folder}: no passing case`,
    );
    for (const c of cases) {
      if (c.expect.length === 0) continue;
      const text = await readFile(path.join(dir, c.file), 'utf8');
      const lines = text.split('\n');
      if (c.expect.some((n) => /kind: CronJob/.test(text) && isInsideCronJob(lines, n))) cronJobFailures++;
    }
  }
  assert.ok(cronJobFailures >= 5, `only ${cronJobFailures} rules report inside a CronJob pod template`);
});

test('every fixture file of a rule folder is used by its tests.yaml', async () => {
  for (const folder of folders) {
    const dir = path.join(PACK_DIR, folder);
    const { cases } = readTests(await readFile(path.join(dir, 'tests.yaml'), 'utf8'), 'tests.yaml');
    const used = new Set(cases.map((c) => c.file));
    for (const file of await readdir(dir)) {
      if (file === 'rule.yaml' || file === 'tests.yaml') continue;
      assert.ok(used.has(file), `${folder}/${file} is not referenced by tests.yaml`);
    }
  }
});

test('README lists every rule with its current severity and title', async () => {
  const readme = await readFile(path.join(PACK_DIR, 'README.md'), 'utf8');
  for (const rule of rules) {
    assert.ok(
      readme.includes(`| ${rule.id} | ${rule.severity} | ${rule.title} |`),
      `README.md row for ${rule.id} is missing or stale`,
    );
  }
});

/** True when line `n` (1-based) lies in a YAML document whose kind is CronJob. */
function isInsideCronJob(lines: readonly string[], n: number): boolean {
  let start = n - 1;
  while (start > 0 && lines[start] !== '---') start--;
  let end = n - 1;
  while (end < lines.length && lines[end] !== '---') end++;
  return lines.slice(start, end).some((l) => l.startsWith('kind: CronJob'));
}

// ---------- robustness on generated manifests ----------

const engine = new PolicyEngine(rules);

function parse(content: string): InputDocument[] {
  const result = kubernetesParser.parse({ path: 'generated.yaml', content });
  return [...result.documents];
}

const name = fc.constantFrom('app', 'web', 'sidecar', 'init', 'x');
const image = fc.constantFrom(
  'nginx',
  'nginx:latest',
  'registry.example.com/app:1.2.3',
  'localhost:5000/app',
  'ghcr.io/a/b:1@sha256:0f9e8d7c6b5a49382716f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0',
  '',
);
const capability = fc.constantFrom('ALL', 'NET_BIND_SERVICE', 'SYS_ADMIN', 'chown', 'CAP_NET_RAW');
const seccomp = fc.record({ type: fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined') });
const seLinux = fc.record(
  {
    type: fc.constantFrom('', 'container_t', 'spc_t'),
    user: fc.constantFrom('', 'system_u'),
    role: fc.constantFrom('', 'system_r'),
  },
  { requiredKeys: [] },
);
const containerSecurity = fc.option(
  fc.record(
    {
      privileged: fc.boolean(),
      allowPrivilegeEscalation: fc.boolean(),
      runAsNonRoot: fc.boolean(),
      runAsUser: fc.integer({ min: 0, max: 70000 }),
      readOnlyRootFilesystem: fc.boolean(),
      procMount: fc.constantFrom('Default', 'Unmasked'),
      capabilities: fc.option(
        fc.record(
          { add: fc.array(capability, { maxLength: 3 }), drop: fc.array(capability, { maxLength: 2 }) },
          { requiredKeys: [] },
        ),
      ),
      seccompProfile: seccomp,
      seLinuxOptions: seLinux,
      appArmorProfile: fc.record({ type: fc.constantFrom('RuntimeDefault', 'Unconfined', 'Localhost') }),
      windowsOptions: fc.record({ hostProcess: fc.boolean() }),
    },
    { requiredKeys: [] },
  ),
);
const container = fc.record(
  {
    name,
    image,
    imagePullPolicy: fc.constantFrom('Always', 'IfNotPresent', 'Never'),
    securityContext: containerSecurity,
    ports: fc.array(
      fc.record(
        { containerPort: fc.integer({ min: 1, max: 65535 }), hostPort: fc.integer({ min: 0, max: 65535 }) },
        { requiredKeys: ['containerPort'] },
      ),
      { maxLength: 2 },
    ),
    env: fc.array(
      fc.oneof(
        fc.record({
          name: fc.constantFrom('DB_PASSWORD', 'LOG_LEVEL', 'API_TOKEN_FILE', 'URL'),
          value: fc.constantFrom('', 'x', '$(A)', 'https://u:p@h/'),
        }),
        fc.record({
          name: fc.constant('TOKEN'),
          valueFrom: fc.constant({ secretKeyRef: { name: 's', key: 'k' } }),
        }),
      ),
      { maxLength: 3 },
    ),
    resources: fc.option(
      fc.record(
        {
          limits: fc.record({ cpu: fc.constant('1'), memory: fc.constant('1Gi') }, { requiredKeys: [] }),
          requests: fc.record(
            { cpu: fc.constant('100m'), memory: fc.constant('64Mi') },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    livenessProbe: fc.constant({ tcpSocket: { port: 80 } }),
    readinessProbe: fc.constant({ tcpSocket: { port: 80 } }),
  },
  { requiredKeys: ['name', 'image'] },
);
const volume = fc.oneof(
  fc.record({
    name,
    hostPath: fc.record({ path: fc.constantFrom('/', '/var/run/docker.sock', '/data/', '/var/log') }),
  }),
  fc.record({ name, emptyDir: fc.constant({}) }),
  fc.record({ name, nfs: fc.constant({ server: 'nfs', path: '/x' }) }),
  fc.record({ name, configMap: fc.constant({ name: 'c' }) }),
);
const podSpec = fc.record(
  {
    hostNetwork: fc.boolean(),
    hostPID: fc.boolean(),
    hostIPC: fc.boolean(),
    automountServiceAccountToken: fc.boolean(),
    serviceAccountName: fc.constantFrom('default', 'app'),
    os: fc.record({ name: fc.constantFrom('linux', 'windows') }),
    securityContext: fc.option(
      fc.record(
        {
          runAsNonRoot: fc.boolean(),
          runAsUser: fc.integer({ min: 0, max: 70000 }),
          seccompProfile: seccomp,
          seLinuxOptions: seLinux,
          sysctls: fc.array(
            fc.record({
              name: fc.constantFrom('net.ipv4.tcp_syncookies', 'kernel.msgmax'),
              value: fc.constant('1'),
            }),
            { maxLength: 2 },
          ),
          appArmorProfile: fc.record({ type: fc.constantFrom('RuntimeDefault', 'Unconfined') }),
          windowsOptions: fc.record({ hostProcess: fc.boolean() }),
        },
        { requiredKeys: [] },
      ),
    ),
    volumes: fc.array(volume, { maxLength: 3 }),
    initContainers: fc.array(container, { maxLength: 1 }),
    containers: fc.array(container, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['containers'] },
);
const namespace = fc.option(fc.constantFrom('default', 'shop'), { nil: undefined });

function wrap(kind: string, spec: unknown, ns: string | undefined): Record<string, unknown> {
  const metadata = ns === undefined ? { name: 'gen' } : { name: 'gen', namespace: ns };
  const template = {
    metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
    spec,
  };
  if (kind === 'Pod') return { apiVersion: 'v1', kind, metadata, spec };
  if (kind === 'CronJob') {
    return {
      apiVersion: 'batch/v1',
      kind,
      metadata,
      spec: { schedule: '@daily', jobTemplate: { spec: { template } } },
    };
  }
  return { apiVersion: 'apps/v1', kind, metadata, spec: { selector: {}, template } };
}

const rbacRule = fc.record(
  {
    apiGroups: fc.array(fc.constantFrom('', '*', 'apps'), { maxLength: 2 }),
    resources: fc.array(fc.constantFrom('pods', 'pods/exec', 'secrets', '*'), { maxLength: 3 }),
    verbs: fc.array(fc.constantFrom('get', 'list', 'create', '*', 'bind', 'escalate', 'impersonate'), {
      maxLength: 3,
    }),
    resourceNames: fc.array(fc.constant('one'), { maxLength: 1 }),
  },
  { requiredKeys: [] },
);
const otherObject = fc.oneof(
  fc.record(
    {
      apiVersion: fc.constant('rbac.authorization.k8s.io/v1'),
      kind: fc.constantFrom('Role', 'ClusterRole'),
      metadata: fc.constant({ name: 'r', namespace: 'shop' }),
      rules: fc.array(rbacRule, { maxLength: 3 }),
    },
    { requiredKeys: ['apiVersion', 'kind', 'metadata'] },
  ),
  fc.record(
    {
      apiVersion: fc.constant('rbac.authorization.k8s.io/v1'),
      kind: fc.constantFrom('RoleBinding', 'ClusterRoleBinding'),
      metadata: fc.constant({ name: 'b' }),
      roleRef: fc.record({
        kind: fc.constant('ClusterRole'),
        name: fc.constantFrom('cluster-admin', 'view'),
      }),
    },
    { requiredKeys: ['apiVersion', 'kind', 'metadata'] },
  ),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Service'),
    metadata: fc.constant({ name: 's' }),
    spec: fc.record(
      {
        type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
        loadBalancerSourceRanges: fc.array(fc.constantFrom('0.0.0.0/0', '10.0.0.0/8'), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record(
    {
      apiVersion: fc.constant('v1'),
      kind: fc.constant('ServiceAccount'),
      metadata: fc.constant({ name: 'default', namespace: 'shop' }),
      automountServiceAccountToken: fc.boolean(),
    },
    { requiredKeys: ['apiVersion', 'kind', 'metadata'] },
  ),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Namespace'),
    metadata: fc.constant({ name: 'shop' }),
  }),
  fc.record({
    apiVersion: fc.constant('networking.k8s.io/v1'),
    kind: fc.constant('NetworkPolicy'),
    metadata: fc.constant({ name: 'deny', namespace: 'shop' }),
    spec: fc.constant({ podSelector: {} }),
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('LimitRange'),
    metadata: fc.constant({ name: 'l', namespace: 'shop' }),
    spec: fc.constant({ limits: [{ type: 'Container', default: { memory: '1Gi' } }] }),
  }),
);
const workload = fc
  .tuple(fc.constantFrom('Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'), podSpec, namespace)
  .map(([kind, spec, ns]) => wrap(kind, spec, ns));

test('fields left empty in YAML (null) are treated as absent, not as evaluation errors', () => {
  const content = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      annotations:
    spec:
      securityContext:
      volumes:
      containers:
        - name: web
          image: registry.example.com/web:1.0.0
          env:
          ports:
          resources:
          securityContext:
            capabilities:
              add:
              drop:
---
apiVersion: v1
kind: Service
metadata:
  name: lb
  annotations:
spec:
  type: LoadBalancer
  loadBalancerSourceRanges:
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: aggregated
rules:
`;
  const { findings } = engine.evaluate(parse(content));
  assert.deepEqual(
    findings.filter((f) => f.kind !== 'violation').map((f) => f.message),
    [],
  );
  // Still evaluated: the empty drop list means ALL is not dropped, the LoadBalancer is open.
  const ids = new Set(findings.map((f) => f.ruleId));
  for (const id of ['RMP-K8S-019', 'RMP-K8S-041', 'RMP-K8S-024'])
    assert.ok(ids.has(id), `${id} did not report`);
});

test('cross-document rules see the other files of the same scan', () => {
  const app = kubernetesParser.parse({
    path: 'apps/shop/app.yaml',
    content: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: registry.example.com/web:1.0.0
`,
  }).documents;
  const platform = kubernetesParser.parse({
    path: 'platform/shop.yaml',
    content: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
automountServiceAccountToken: false
`,
  }).documents;
  const ids = (docs: readonly InputDocument[]) => engine.evaluate(docs).findings.map((f) => f.ruleId);
  const alone = ids(app);
  assert.ok(alone.includes('RMP-K8S-040'), 'no NetworkPolicy: RMP-K8S-040 must report');
  assert.ok(alone.includes('RMP-K8S-030'), 'no ServiceAccount settings: RMP-K8S-030 must report');
  const together = ids([...app, ...platform]);
  assert.ok(!together.includes('RMP-K8S-040'), 'the NetworkPolicy in another file covers the namespace');
  assert.ok(!together.includes('RMP-K8S-030'), 'the ServiceAccount in another file disables the token');
});

test('schema-valid manifests never cause evaluation errors, and findings point into the file', () => {
  let violations = 0;
  fc.assert(
    fc.property(fc.array(fc.oneof(workload, otherObject), { minLength: 1, maxLength: 4 }), (objects) => {
      const content = objects.map((o) => stringify(o)).join('---\n');
      const docs = parse(content);
      assert.equal(docs.length, objects.length);
      const { findings } = engine.evaluate(docs);
      const errorsFound = findings.filter((f) => f.kind === 'evaluation-error');
      assert.deepEqual(
        errorsFound.map((f) => `${f.ruleId}: ${f.message}`),
        [],
        content,
      );
      const lineCount = content.split('\n').length;
      for (const f of findings) {
        const line = f.location.range?.start.line ?? 0;
        assert.ok(line >= 1 && line <= lineCount, `${f.ruleId} reported line ${line}`);
      }
      violations += findings.length;
    }),
    { numRuns: 150 },
  );
  assert.ok(
    violations > 150,
    `the generator produced too few violations (${violations}) to exercise the rules`,
  );
});

test('odd but parseable values (nulls, wrong types) never throw and stay bounded in time', () => {
  const odd = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.string({ maxLength: 5 }),
    fc.boolean(),
    fc.constant([]),
    fc.constant({}),
    fc.constant([null]),
  );
  const oddSpec = fc.record(
    {
      hostNetwork: odd,
      securityContext: odd,
      volumes: fc.oneof(odd, fc.array(fc.record({ name: odd, hostPath: odd }), { maxLength: 2 })),
      containers: fc.oneof(
        odd,
        fc.array(
          fc.record(
            {
              name: odd,
              image: odd,
              securityContext: fc.oneof(odd, fc.record({ capabilities: fc.record({ add: odd, drop: odd }) })),
              env: odd,
              ports: odd,
              resources: odd,
            },
            { requiredKeys: [] },
          ),
          { maxLength: 2 },
        ),
      ),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(fc.constantFrom('Pod', 'Deployment', 'CronJob'), oddSpec, (kind, spec) => {
      const content = stringify(wrap(kind, spec, 'shop'));
      const started = performance.now();
      const { findings } = engine.evaluate(parse(content));
      assert.ok(performance.now() - started < 2000, 'evaluation took too long');
      for (const f of findings) assert.ok(['violation', 'evaluation-error'].includes(f.kind), f.kind);
    }),
    { numRuns: 150 },
  );
});
