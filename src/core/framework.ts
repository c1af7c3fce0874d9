/** Compliance frameworks a rule can map to; ids are stable and used in config, JSON and SARIF tags. */
export const FRAMEWORKS = {
  'cis-kubernetes': 'CIS Kubernetes Benchmark',
  'cis-docker': 'CIS Docker Benchmark',
  'cis-aws': 'CIS AWS Foundations Benchmark',
  'cis-azure': 'CIS Microsoft Azure Foundations Benchmark',
  'cis-gcp': 'CIS Google Cloud Platform Foundation Benchmark',
  'nist-800-53': 'NIST SP 800-53 Rev. 5',
  'pci-dss-4': 'PCI DSS 4.0',
  soc2: 'SOC 2 (Trust Services Criteria)',
  'iso-27001-2022': 'ISO/IEC 27001:2022',
  'nsa-k8s': 'NSA/CISA Kubernetes Hardening Guide',
  pss: 'Kubernetes Pod Security Standards',
  slsa: 'SLSA',
  'owasp-cicd': 'OWASP Top 10 CI/CD Security Risks',
} as const;
export type FrameworkId = keyof typeof FRAMEWORKS;

export function isFrameworkId(value: string): value is FrameworkId {
  return Object.hasOwn(FRAMEWORKS, value);
}

/** `{ 'cis-kubernetes': ['5.2.1'], 'nist-800-53': ['AC-6'] }` */
export type FrameworkMappings = Readonly<Partial<Record<FrameworkId, readonly string[]>>>;
