resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

# The bucket comes from a variable without default: it may be "data", so nothing is reported.
variable "bucket_id" {
  type = string
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = var.bucket_id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
