import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pick, seeded } from '../../test/support/random.ts';

/**
 * `manifestCount` Kubernetes objects of mixed kinds spread over namespaces and files (1–3
 * objects per file, like real repos): Deployments, StatefulSets, DaemonSets, CronJobs, Jobs,
 * Pods, Services, ConfigMaps, ServiceAccounts, Roles/RoleBindings, ClusterRoles, Ingresses and
 * NetworkPolicies, with a realistic share of insecure settings.
 */
export function generateKubernetesCorpus(dir: string, manifestCount = 10_000) {
  const rand = seeded(10_000);
  let manifests = 0;
  let files = 0;
  let bytes = 0;
  while (manifests < manifestCount) {
    const ns = `team-${files % 60}`;
    const perFile = Math.min(1 + Math.floor(rand() * 3), manifestCount - manifests);
    const docs: string[] = [];
    for (let i = 0; i < perFile; i++) docs.push(pick(rand, KINDS)(`app-${files}-${i}`, ns, rand));
    const sub = join(dir, ns);
    mkdirSync(sub, { recursive: true });
    const text = docs.join('---\n');
    writeFileSync(join(sub, `app-${files}.yaml`), text);
    bytes += text.length;
    manifests += perFile;
    files++;
  }
  return { manifests, files, bytes };
}

function container(name: string, rand: () => number, indent: string): string {
  const tag = rand() < 0.1 ? 'latest' : `1.${Math.floor(rand() * 30)}.${Math.floor(rand() * 10)}`;
  const secure = rand() < 0.7;
  const lines = [
    `- name: ${name}`,
    `  image: registry.example.com/${name}:${tag}`,
    '  ports:',
    `    - containerPort: ${8000 + Math.floor(rand() * 100)}`,
    '  env:',
    '    - name: LOG_LEVEL',
    '      value: info',
    rand() < 0.1
      ? '    - name: DB_PASSWORD\n      value: hunter2'
      : '    - name: DB_PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: db\n          key: password',
  ];
  if (rand() < 0.8) {
    lines.push(
      '  resources:',
      '    requests:',
      '      cpu: 100m',
      '      memory: 128Mi',
      '    limits:',
      '      memory: 256Mi',
    );
  }
  if (secure) {
    lines.push(
      '  securityContext:',
      '    runAsNonRoot: true',
      '    allowPrivilegeEscalation: false',
      '    readOnlyRootFilesystem: true',
      '    capabilities:',
      '      drop: ["ALL"]',
      '    seccompProfile:',
      '      type: RuntimeDefault',
    );
  } else if (rand() < 0.3) {
    lines.push('  securityContext:', '    privileged: true');
  }
  lines.push('  livenessProbe:', '    httpGet:', '      path: /healthz', '      port: 8080');
  return lines.map((l) => indent + l.replace(/\n/g, `\n${indent}`)).join('\n');
}

type Kind = (name: string, ns: string, rand: () => number) => string;

const podTemplate = (name: string, rand: () => number, indent: string) =>
  [
    `${indent}metadata:`,
    `${indent}  labels:`,
    `${indent}    app: ${name}`,
    `${indent}spec:`,
    `${indent}  serviceAccountName: ${name}`,
    rand() < 0.1 ? `${indent}  hostNetwork: true` : `${indent}  automountServiceAccountToken: false`,
    `${indent}  containers:`,
    container(name, rand, `${indent}    `),
  ].join('\n');

const KINDS: readonly Kind[] = [
  (name, ns, rand) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n${podTemplate(name, rand, '    ')}\n`,
  (name, ns, rand) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n${podTemplate(name, rand, '    ')}\n`,
  (name, ns, rand) =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  serviceName: ${name}\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n${podTemplate(name, rand, '    ')}\n`,
  (name, ns, rand) =>
    `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n${podTemplate(name, rand, '        ')}\n`,
  (name, ns, rand) =>
    `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n${podTemplate(name, rand, '    ')}\n`,
  (name, ns) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n      targetPort: 8080\n`,
  (name, ns) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  LOG_LEVEL: info\n  FEATURE_FLAGS: "a,b,c"\n`,
  (name, ns) =>
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nautomountServiceAccountToken: false\n`,
  (name, ns, rand) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nrules:\n  - apiGroups: [""]\n    resources: [${rand() < 0.1 ? '"*"' : '"configmaps"'}]\n    verbs: ["get", "list"]\n`,
  (name, ns) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: ${name}\nsubjects:\n  - kind: ServiceAccount\n    name: ${name}\n    namespace: ${ns}\n`,
  (name, ns) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: ["Ingress"]\n`,
  (name, ns) =>
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  rules:\n    - host: ${name}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: ${name}\n                port:\n                  number: 80\n`,
];
