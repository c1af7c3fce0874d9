/**
 * Policy engine timing on synthetic inputs: `npx tsx scripts/bench-policy.ts [manifests] [tfFiles]`.
 * Prints one JSON line: parse and evaluate milliseconds for N Kubernetes manifests and N
 * Terraform files with the built-in packs. Targets: 10,000 manifests < 3 s, 709 .tf < 2 s.
 */
import type { InputDocument, InputFile } from '../src/inputs/document.ts';
import { INPUT_PARSERS } from '../src/inputs/registry.ts';
import { PolicyEngine } from '../src/policy/engine.ts';
import { BUILTIN_RULES_DIR, loadRules } from '../src/policy/load/load-rules.ts';
import { PolicySession } from '../src/policy/session.ts';
import { initParsers } from '../src/policy/testing/run-tests.ts';

const manifests = Number(process.argv[2] ?? 10_000);
const tfFiles = Number(process.argv[3] ?? 709);

function k8s(i: number): InputFile {
  const kind = i % 4;
  const content =
    kind === 3
      ? `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\n  namespace: ns${i % 50}\nspec:\n  ports:\n    - port: 80\n`
      : `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app${i}
  namespace: ns${i % 50}
spec:
  replicas: 2
  template:
    spec:
      hostNetwork: ${i % 7 === 0}
      containers:
        - name: web
          image: nginx:1.${i % 30}
          securityContext:
            privileged: ${i % 11 === 0}
            allowPrivilegeEscalation: false
          ports:
            - containerPort: 8080
        - name: sidecar
          image: envoy@sha256:${'a'.repeat(64)}
      volumes:
        - name: data
          emptyDir: {}
`;
  return { path: `k8s/m${i}.yaml`, content };
}

function tf(i: number): InputFile {
  const content = `resource "aws_s3_bucket" "b${i}" {
  bucket = "bucket-${i}"
  acl    = "${i % 5 === 0 ? 'public-read' : 'private'}"
}

resource "aws_security_group" "sg${i}" {
  name = "sg-${i}"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["${i % 3 === 0 ? '0.0.0.0/0' : '10.0.0.0/8'}"]
  }
}

resource "aws_s3_bucket_versioning" "v${i}" {
  bucket = aws_s3_bucket.b${i}.id
  versioning_configuration {
    status = "Enabled"
  }
}
`;
  return { path: `tf/mod${i % 40}/f${i}.tf`, content };
}

const { rules, errors } = await loadRules([BUILTIN_RULES_DIR]);
if (errors.length > 0) console.error(`${errors.length} rule load errors (first: ${errors[0]?.describe()})`);
await initParsers(INPUT_PARSERS);
const engine = new PolicyEngine(rules);

function run(files: InputFile[]) {
  // CPU time, not wall time: the bench machine is shared and wall clocks lie under load.
  const cpuMs = (start: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(start);
    return (d.user + d.system) / 1000;
  };
  const session = new PolicySession(engine, INPUT_PARSERS);
  const t0 = process.cpuUsage();
  const findings = session.update(files);
  const total = cpuMs(t0);
  const docs: readonly InputDocument[] = session.documents();
  const t1 = process.cpuUsage();
  const again = engine.evaluate(docs);
  const evalOnly = cpuMs(t1);
  return {
    files: files.length,
    documents: docs.length,
    findings: findings.length,
    evaluations: again.stats.evaluations,
    parseAndEvalCpuMs: Math.round(total),
    evalOnlyCpuMs: Math.round(evalOnly),
  };
}

const kube = run(Array.from({ length: manifests }, (_, i) => k8s(i)));
const terraform = run(Array.from({ length: tfFiles }, (_, i) => tf(i)));
console.log(JSON.stringify({ rules: rules.length, kubernetes: kube, terraform }));
