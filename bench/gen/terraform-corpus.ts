import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pick, seeded } from '../../test/support/random.ts';

/**
 * A realistic Terraform monorepo: many small modules/environments, each with main.tf,
 * variables.tf, outputs.tf and a tfvars, mixing AWS/Azure/GCP resources, references between
 * resources, locals, variables with and without defaults, nested blocks and jsonencode policies.
 * Writes `fileCount` .tf files totalling roughly `targetLines` lines. Returns counts.
 */
export function generateTerraformCorpus(dir: string, fileCount = 709, targetLines = 50_000) {
  const rand = seeded(709);
  // variables.tf and outputs.tf are short (~22 lines): the main files carry the rest.
  const mainFiles = Math.ceil((fileCount * 4) / 6);
  const linesPerFile = Math.round((targetLines - (fileCount - mainFiles) * 22) / mainFiles);
  let files = 0;
  let lines = 0;
  let stack = 0;
  while (files < fileCount) {
    const stackDir = join(dir, `stacks/team-${stack % 40}/env-${stack}`);
    mkdirSync(stackDir, { recursive: true });
    const perStack = Math.min(6, fileCount - files);
    for (let f = 0; f < perStack; f++) {
      const name = f === 0 ? 'variables.tf' : f === 1 ? 'outputs.tf' : `main-${f}.tf`;
      const text =
        f === 0
          ? variablesFile(stack)
          : f === 1
            ? outputsFile(stack)
            : resourcesFile(rand, stack, f, linesPerFile);
      writeFileSync(join(stackDir, name), text);
      lines += text.split('\n').length - 1;
      files++;
    }
    writeFileSync(
      join(stackDir, 'terraform.tfvars'),
      `environment = "env-${stack}"\nallowed_cidrs = ["10.${stack % 250}.0.0/16"]\n`,
    );
    stack++;
  }
  return { files, lines };
}

function variablesFile(stack: number): string {
  return `variable "environment" {
  type        = string
  description = "Deployment environment"
}

variable "allowed_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8"]
}

variable "kms_key_arn" {
  type = string
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

locals {
  name_prefix = "app-${stack}-\${var.environment}"
  common_tags = {
    Team        = "team-${stack % 40}"
    Environment = var.environment
    ManagedBy   = "terraform"
  }
}
`;
}

function outputsFile(stack: number): string {
  return `output "bucket_arn" {
  value = aws_s3_bucket.data_${stack}_2_0.arn
}

output "vpc_id" {
  value       = aws_vpc.main_${stack}.id
  description = "VPC of this stack"
}
`;
}

type Block = (id: string, rand: () => number) => string;

const BLOCKS: readonly Block[] = [
  (id, rand) => `resource "aws_s3_bucket" "data_${id}" {
  bucket = "\${local.name_prefix}-data-${id}"
  tags   = local.common_tags
}

resource "aws_s3_bucket_versioning" "data_${id}" {
  bucket = aws_s3_bucket.data_${id}.id
  versioning_configuration {
    status = "${rand() < 0.8 ? 'Enabled' : 'Suspended'}"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data_${id}" {
  bucket = aws_s3_bucket.data_${id}.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "data_${id}" {
  bucket                  = aws_s3_bucket.data_${id}.id
  block_public_acls       = true
  block_public_policy     = ${rand() < 0.9}
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
  (id, rand) => `resource "aws_security_group" "web_${id}" {
  name        = "web-${id}"
  description = "Web tier"
  vpc_id      = aws_vpc.main_${id.split('_')[0]}.id

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ${rand() < 0.2 ? '["0.0.0.0/0"]' : 'var.allowed_cidrs'}
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
  (id, rand) => `resource "aws_db_instance" "db_${id}" {
  identifier              = "db-${id}"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = "db.t3.medium"
  allocated_storage       = 20
  storage_encrypted       = ${rand() < 0.85}
  publicly_accessible     = ${rand() < 0.1}
  backup_retention_period = 7
  username                = "app"
  manage_master_user_password = true
  vpc_security_group_ids  = [aws_security_group.web_${id}.id]
  tags                    = merge(local.common_tags, { Name = "db-${id}" })
}
`,
  (id, rand) => `resource "aws_iam_policy" "app_${id}" {
  name = "app-${id}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ${rand() < 0.15 ? '"*"' : '["s3:GetObject", "s3:PutObject"]'}
        Resource = ${rand() < 0.15 ? '"*"' : `"arn:aws:s3:::app-${id}/*"`}
      },
    ]
  })
}

data "aws_iam_policy_document" "assume_${id}" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
`,
  (id, rand) => `resource "aws_instance" "app_${id}" {
  ami           = "ami-0abcdef1234567890"
  instance_type = var.instance_type
  subnet_id     = aws_subnet.private_${id}.id

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "${rand() < 0.7 ? 'required' : 'optional'}"
  }

  root_block_device {
    encrypted   = ${rand() < 0.8}
    volume_size = 30
  }

  tags = local.common_tags
}

resource "aws_subnet" "private_${id}" {
  vpc_id            = aws_vpc.main_${id.split('_')[0]}.id
  cidr_block        = "10.0.${Math.floor(rand() * 250)}.0/24"
  availability_zone = "eu-west-1a"
}
`,
  (id, rand) => `resource "aws_kms_key" "key_${id}" {
  description             = "Key ${id}"
  deletion_window_in_days = 30
  enable_key_rotation     = ${rand() < 0.8}
}

resource "aws_cloudtrail" "trail_${id}" {
  name                          = "trail-${id}"
  s3_bucket_name                = aws_s3_bucket.data_${id}.id
  is_multi_region_trail         = ${rand() < 0.7}
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.key_${id}.arn
}
`,
  (id, rand) => `resource "azurerm_storage_account" "sa${id.replace(/_/g, '')}" {
  name                            = "sa${id.replace(/_/g, '')}"
  resource_group_name             = "rg-${id}"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  min_tls_version                 = "${rand() < 0.8 ? 'TLS1_2' : 'TLS1_0'}"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = ${rand() < 0.2}
}
`,
  (id, rand) => `resource "google_storage_bucket" "b_${id}" {
  name                        = "bucket-${id}"
  location                    = "EU"
  uniform_bucket_level_access = ${rand() < 0.8}
  versioning {
    enabled = true
  }
}

resource "google_compute_firewall" "fw_${id}" {
  name    = "fw-${id}"
  network = "default"
  allow {
    protocol = "tcp"
    ports    = ["${rand() < 0.2 ? '22' : '443'}"]
  }
  source_ranges = ["0.0.0.0/0"]
}
`,
];

function resourcesFile(rand: () => number, stack: number, file: number, targetLines: number): string {
  let out = `# Stack ${stack}, file ${file}\n`;
  if (file === 2) {
    out += `resource "aws_vpc" "main_${stack}" {
  cidr_block           = "10.${stack % 250}.0.0/16"
  enable_dns_hostnames = true
  tags                 = local.common_tags
}

`;
  }
  let n = 0;
  while (out.split('\n').length < targetLines) {
    out += `${pick(rand, BLOCKS)(`${stack}_${file}_${n}`, rand)}\n`;
    n++;
  }
  return out;
}
