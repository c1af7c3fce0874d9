# AWS provider v3 style: inline block.
resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }
}

# AWS provider v4+ style: separate resource referring to the bucket.
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_kms_key" "s3" {
  description         = "S3 data key"
  enable_key_rotation = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.s3.arn
    }
  }
}
