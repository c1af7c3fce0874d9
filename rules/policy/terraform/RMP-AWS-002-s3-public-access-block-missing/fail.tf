resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

# Protects the data source below, not the managed bucket "reports".
data "aws_s3_bucket" "reports" {
  bucket = "example-reports-legacy"
}

resource "aws_s3_bucket_public_access_block" "legacy" {
  bucket                  = data.aws_s3_bucket.reports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
